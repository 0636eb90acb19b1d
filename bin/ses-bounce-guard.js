#!/usr/bin/env node

// The operator CLI's entry (package.json "bin"). An installed package runs the compiled CLI in
// dist/; a checkout of the repository (where src/ exists and tsx is installed) runs the TypeScript
// source through tsx, so that a change is never run against a stale build.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

// The SDK's notice that its 2027 releases need Node 22 would precede every command's output and
// break scripts that read stderr; operators who want it can set the variable to 'false'.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const source = join(__dirname, '..', 'src', 'cli', 'main.ts');
if (existsSync(source)) {
  require('tsx/cjs/api').register();
  require(source).run();
} else {
  require(join(__dirname, '..', 'dist', 'src', 'cli', 'main.js')).run();
}
