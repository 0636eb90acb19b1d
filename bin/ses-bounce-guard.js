#!/usr/bin/env node

// The operator CLI's entry (package.json "bin"). An installed package runs the compiled CLI in
// dist/; a checkout of the repository (where src/ exists and tsx is installed) runs the TypeScript
// source through tsx, so that a change is never run against a stale build.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

// The SDK's notice that its 2027 releases need Node 22 would precede every command's output and
// break scripts that read stderr; operators who want it can set the variable to 'false'.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// list and export stream a whole table through memory in constant space, but V8 lets its heap grow
// under their allocation rate before it collects (peak RSS rose from ~140 to ~190 MiB between 20k
// and 200k items with nothing retained). A heap cap keeps their peak flat; it is set by running
// them in a child process with --max-old-space-size, unless the operator chose a heap size, asked
// for a sorted listing (which holds its rows) or more Scan segments (more pages in flight).
const HEAP_CAP_MIB = 96;
const argv = process.argv.slice(2);
const chosen = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((flag) => flag.includes('--max-old-space-size'));
const capped =
  (argv[0] === 'list' || argv[0] === 'export') &&
  !chosen &&
  !argv.some((arg) => arg === '--sort' || arg === '--help' || arg === '-h' || arg.startsWith('--segments'));
if (capped && process.env.SES_BOUNCE_GUARD_HEAP_CAPPED !== '1') {
  const { spawn } = require('node:child_process');
  const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${HEAP_CAP_MIB}`, __filename, ...argv], {
    stdio: 'inherit',
    env: { ...process.env, SES_BOUNCE_GUARD_HEAP_CAPPED: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal === 'SIGABRT' || code === 134) {
      process.stderr.write(
        `error: ${argv[0]} ran out of memory under its heap cap of ${HEAP_CAP_MIB} MiB; ` +
          'run it again with NODE_OPTIONS=--max-old-space-size=<MiB>. An --output file it was writing may be incomplete: delete it.\n',
      );
    }
    process.exitCode = code ?? 1;
  });
} else {
  const source = join(__dirname, '..', 'src', 'cli', 'main.ts');
  if (existsSync(source)) {
    require('tsx/cjs/api').register();
    require(source).run();
  } else {
    require(join(__dirname, '..', 'dist', 'src', 'cli', 'main.js')).run();
  }
}
