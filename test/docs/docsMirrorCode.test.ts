import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTEXT_KEYS } from '../../lib/config/contextKeys';
import { DEFAULT_LOG_RETENTION, DeliveryMode } from '../../lib/constructs/constants';
import { DEFAULT_REPUTATION_THRESHOLDS } from '../../lib/constructs/monitoring/reputationThresholds';
import { SesBounceGuardStack } from '../../lib/SesBounceGuardStack';
import { OPERATOR_REASONS } from '../../src/admin/operatorEvent';
import { COMMANDS } from '../../src/cli/commands';
import { GLOBAL_OPTIONS } from '../../src/cli/commonOptions';
import { TABLE_ENV } from '../../src/cli/context';
import { ExitCode } from '../../src/cli/exitCodes';
import { HandlerEnv, PolicyEnv } from '../../src/contract/handlerEnvironment';
import { SuppressionReason, SuppressionStatus } from '../../src/domain/constants';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { CheckOutcome, FailureMode, SkipReason } from '../../src/sender/constants';
import { anchorsOf, codeBlocks, codeSpans, firstTable, linkTargets, proseOf, sectionOf } from './markdown';

/**
 * Every list in the docs that mirrors code is compared with the code here, so that neither can
 * change alone; so are the README's size and examples, and every relative link and anchor.
 */
const ROOT = join(__dirname, '..', '..');
const DOCS = join(ROOT, 'docs');
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const doc = (name: string): string => read(join('docs', name));

/**
 * Docs written on other branches at the same time as this one, which the README and the docs
 * already link. A link to one of them may point nowhere until it is merged; once it exists, its
 * links and anchors are checked like any other's. Remove an entry when its page is merged.
 */
const PENDING_DOCS: readonly string[] = [
  'docs/deploy.md',
  'docs/monitoring.md',
  'docs/application-events.md',
  'docs/write-design.md',
  'docs/operations-scale.md',
];
const README_MAX_LINES = 200;

/** The first code span of each row's first cell: the name a table row is about. */
function namesInFirstColumn(markdown: string, where: string): string[] {
  return firstTable(markdown, where).rows.map((row) => codeSpans(row[0] ?? '')[0] ?? `(row without a name: ${row[0]})`);
}

/** The row of a table whose first cell names `name` (its first code span). */
function rowNamed(markdown: string, where: string, name: string): readonly string[] {
  const row = firstTable(markdown, where).rows.find((r) => codeSpans(r[0] ?? '')[0] === name);
  if (row === undefined) throw new Error(`${where}: no row for \`${name}\``);
  return row;
}

/** `--option` names in a piece of Markdown, without the dashes. */
function optionNames(text: string): string[] {
  return [...text.matchAll(/--([a-z][a-z-]*)/g)].map((match) => match[1] as string);
}

/** What is listed but not in the code, and what the code has but the docs do not list. */
function drift(listed: readonly string[], actual: readonly string[]): { missingFromDocs: string[]; notInCode: string[] } {
  return { missingFromDocs: actual.filter((a) => !listed.includes(a)), notInCode: listed.filter((l) => !actual.includes(l)) };
}

const NO_DRIFT = { missingFromDocs: [], notInCode: [] };

function synthesize(guard: ConstructorParameters<typeof SesBounceGuardStack>[2]): { stack: SesBounceGuardStack; template: Template } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new SesBounceGuardStack(app, 'S', guard);
  return { stack, template: Template.fromStack(stack) };
}

describe('Docs: lists that mirror the code', () => {
  let direct: ReturnType<typeof synthesize>;
  let queue: ReturnType<typeof synthesize>;
  let webhook: ReturnType<typeof synthesize>;
  let https: ReturnType<typeof synthesize>;

  beforeAll(() => {
    direct = synthesize({});
    queue = synthesize({ guard: { deliveryMode: DeliveryMode.QUEUE } });
    // A webhook adds the output of its secret.
    webhook = synthesize({ guard: { applicationEvents: { webhookUrl: 'https://hooks.example.com/bounces' } } });
    // An HTTPS subscriber adds the output of its URL.
    https = synthesize({ guard: { subscriber: { kind: 'https', url: 'https://mail.example.com/sns' } } });
  });

  describe('stack outputs (docs/construct.md, "Stack outputs")', () => {
    const table = (): string => sectionOf(doc('construct.md'), 'Stack outputs', 'docs/construct.md');

    it('lists exactly the outputs SesBounceGuardStack has in either delivery mode, with a webhook and with an HTTPS subscriber', () => {
      // Prepare
      const outputs = [...new Set([direct, queue, webhook, https].flatMap(({ template }) => Object.keys(template.findOutputs('*'))))];

      // Act
      const listed = namesInFirstColumn(table(), 'docs/construct.md "Stack outputs"');

      // Assess
      expect(outputs.length, 'the stack has no outputs: the comparison would prove nothing').toBeGreaterThan(5);
      expect(drift(listed, outputs), 'docs/construct.md "Stack outputs" differs from the outputs of lib/SesBounceGuardStack.ts').toEqual(NO_DRIFT);
    });

    it('says "queue mode" on every output that exists only in queue mode', () => {
      // Prepare
      const directOutputs = Object.keys(direct.template.findOutputs('*'));
      const queueOnly = Object.keys(queue.template.findOutputs('*')).filter((name) => !directOutputs.includes(name));

      // Act
      const unmarked = queueOnly.filter((name) => !rowNamed(table(), 'docs/construct.md "Stack outputs"', name).join(' ').includes('queue mode'));

      // Assess
      expect(queueOnly, 'queue mode adds no output: nothing to check').not.toEqual([]);
      expect(unmarked, 'outputs that exist only in queue mode but whose row does not say "queue mode"').toEqual([]);
    });
  });

  describe('context keys (docs/configuration.md, "Context keys")', () => {
    const where = 'docs/configuration.md "Context keys"';
    const table = (): string => sectionOf(doc('configuration.md'), 'Context keys', 'docs/configuration.md');

    it('lists exactly the keys of CONTEXT_KEYS, each with a default and a validation', () => {
      // Act
      const { header, rows } = firstTable(table(), where);
      const listed = namesInFirstColumn(table(), where);

      // Assess
      expect(drift(listed, Object.keys(CONTEXT_KEYS)), `${where} differs from CONTEXT_KEYS in lib/config/contextKeys.ts`).toEqual(NO_DRIFT);
      expect(header.slice(0, 3), `${where}: the columns must start Key, Default, Validation`).toEqual(['Key', 'Default', 'Validation']);
      const incomplete = rows.filter((row) => (row[1] ?? '') === '' || (row[2] ?? '') === '').map((row) => row[0]);
      expect(incomplete, `${where}: rows without a default or a validation`).toEqual([]);
    });

    it("gives the construct's own defaults", () => {
      // Prepare: the defaults as the built construct and its template have them
      const handler = Object.values(direct.template.findResources('AWS::Lambda::Function')).find(
        (r) => r.Properties?.Environment?.Variables?.[HandlerEnv.TABLE_NAME] !== undefined,
      );
      const [mapping] = Object.values(queue.template.findResources('AWS::Lambda::EventSourceMapping'));
      const guard = direct.stack.guard;
      const expected: Record<string, unknown> = {
        configurationSetName: guard.configurationSetName,
        accountSuppression: guard.accountSuppression !== undefined,
        handlerMemorySize: handler?.Properties.MemorySize,
        handlerTimeoutSeconds: handler?.Properties.Timeout,
        logRetentionDays: DEFAULT_LOG_RETENTION,
        ...DEFAULT_REPUTATION_THRESHOLDS,
        deliveryMode: guard.bounceHandler!.deliveryMode,
        queueMaxConcurrency: mapping?.Properties.ScalingConfig?.MaximumConcurrency,
        queueBatchWindowSeconds: mapping?.Properties.MaximumBatchingWindowInSeconds,
        queueBatchSize: mapping?.Properties.BatchSize,
        ...DEFAULT_POLICY,
      };

      // Act
      const wrong = Object.entries(expected).flatMap(([key, value]) => {
        const written = codeSpans(rowNamed(table(), where, key)[1] ?? '')[0];
        return written === String(value) ? [] : [`${key}: docs say ${written ?? '(nothing)'}, the construct uses ${String(value)}`];
      });

      // Assess
      expect(
        Object.values(expected).filter((v) => v === undefined),
        'a default could not be read from the template',
      ).toEqual([]);
      expect(wrong, `${where}: defaults that differ from the construct's`).toEqual([]);
    });
  });

  describe('environment variables (docs/configuration.md, "Environment variables")', () => {
    const where = 'docs/configuration.md "Environment variables"';
    const table = (): string => sectionOf(doc('configuration.md'), 'Environment variables', 'docs/configuration.md');

    it("lists as read by the handler exactly HandlerEnv's and PolicyEnv's names", () => {
      // Prepare
      const actual = [...Object.values(HandlerEnv), ...Object.values(PolicyEnv)];

      // Act
      const listed = firstTable(table(), where)
        .rows.filter((row) => row[1] === 'handler')
        .flatMap((row) => codeSpans(row[0] ?? ''));

      // Assess
      expect(drift(listed, actual), `${where}: rows read by "handler" differ from src/contract/handlerEnvironment.ts`).toEqual(NO_DRIFT);
    });

    it('names the context key of each policy variable, and its default', () => {
      // Act
      const wrong = Object.entries(PolicyEnv).flatMap(([key, name]) => {
        const row = rowNamed(table(), where, name);
        const problems = codeSpans(row.slice(2).join(' ')).includes(key) ? [] : [`${name} does not name its context key \`${key}\``];
        const fallback = DEFAULT_POLICY[key as keyof typeof DEFAULT_POLICY];
        if (fallback !== undefined && codeSpans(row[2] ?? '')[0] !== String(fallback)) problems.push(`${name}: default is ${String(fallback)}`);
        return problems;
      });

      // Assess
      expect(wrong, where).toEqual([]);
    });

    it("lists the CLI's table variable", () => {
      // Act
      const row = rowNamed(table(), where, TABLE_ENV);

      // Assess
      expect(row[1], `${where}: ${TABLE_ENV} must be marked as read by the CLI`).toContain('CLI');
    });
  });

  describe('construct props and handles (docs/construct.md)', () => {
    const source = read('lib/SesBounceGuard.ts');

    /** The body of `interface|class <name>`, up to its closing brace at the start of a line. */
    const bodyOf = (kind: string, name: string): string => {
      const start = source.indexOf(`${kind} ${name} `);
      if (start === -1) throw new Error(`lib/SesBounceGuard.ts has no ${kind} ${name}`);
      return source.slice(start, source.indexOf('\n}', start));
    };

    it('lists every prop of SesBounceGuardProps in the props table, and no other', () => {
      // Prepare
      const props = [...bodyOf('interface', 'SesBounceGuardProps').matchAll(/readonly (\w+)\?:/g)].map((match) => match[1] as string);

      // Act
      const listed = namesInFirstColumn(sectionOf(doc('construct.md'), 'Props', 'docs/construct.md'), 'docs/construct.md "Props"');

      // Assess
      expect(props.length, 'no prop was parsed from lib/SesBounceGuard.ts').toBeGreaterThan(10);
      expect(drift(listed, props), 'docs/construct.md "Props" differs from SesBounceGuardProps in lib/SesBounceGuard.ts').toEqual(NO_DRIFT);
    });

    it('lists every public handle of SesBounceGuard, and no other', () => {
      // Prepare: the class's fields are its two-space-indented `readonly` lines
      const handles = [...bodyOf('class', 'SesBounceGuard').matchAll(/^ {2}readonly (\w+):/gm)].map((match) => match[1] as string);

      // Act
      const listed = namesInFirstColumn(sectionOf(doc('construct.md'), 'Public handles', 'docs/construct.md'), 'docs/construct.md "Public handles"');

      // Assess
      expect(handles.length, 'no handle was parsed from lib/SesBounceGuard.ts').toBeGreaterThan(5);
      expect(drift(listed, handles), 'docs/construct.md "Public handles" differs from the readonly fields of SesBounceGuard').toEqual(NO_DRIFT);
    });
  });

  describe('the CLI (docs/operations.md)', () => {
    const operations = (): string => doc('operations.md');
    const section = (title: string): string => sectionOf(operations(), title, 'docs/operations.md');

    it('lists every command with its arguments and exactly its own options', () => {
      // Prepare
      const { rows } = firstTable(section('Commands'), 'docs/operations.md "Commands"');
      const byName = new Map(rows.map((row) => [(codeSpans(row[0] ?? '')[0] ?? '').split(' ')[0] as string, row]));

      // Act
      const problems = COMMANDS.flatMap((command) => {
        const row = byName.get(command.name);
        if (row === undefined) return [`command ${command.name} is not listed`];
        const usage = `${command.name}${command.args === '' ? '' : ` ${command.args}`}`;
        const listedOptions = optionNames(row[1] ?? '');
        const optionDrift = drift(listedOptions, Object.keys(command.options));
        return [
          ...(codeSpans(row[0] ?? '')[0] === usage ? [] : [`${command.name}: usage is \`${usage}\`, docs say \`${codeSpans(row[0] ?? '')[0]}\``]),
          ...optionDrift.missingFromDocs.map((o) => `${command.name}: option --${o} is not listed`),
          ...optionDrift.notInCode.map((o) => `${command.name}: option --${o} is listed but the command has no such option`),
        ];
      });
      const unknown = [...byName.keys()].filter((name) => !COMMANDS.some((c) => c.name === name)).map((name) => `${name} is listed but is no command`);

      // Assess
      expect([...problems, ...unknown], 'docs/operations.md "Commands" differs from src/cli/commands/index.ts').toEqual([]);
    });

    it('lists exactly the options every command takes', () => {
      // Act
      const listed = firstTable(section('Options of every command'), 'docs/operations.md "Options of every command"').rows.flatMap((row) =>
        optionNames(row[0] ?? ''),
      );

      // Assess
      expect(drift(listed, Object.keys(GLOBAL_OPTIONS)), 'docs/operations.md "Options of every command" differs from src/cli/commonOptions.ts').toEqual(
        NO_DRIFT,
      );
    });

    it('lists the reasons, statuses and check outcomes the CLI accepts and prints', () => {
      // Prepare
      const where = 'docs/operations.md "Values"';
      const { rows } = firstTable(section('Values'), where);
      const valuesOf = (option: string): string[] => {
        const row = rows.find((r) => codeSpans(r[0] ?? '').includes(option));
        if (row === undefined) throw new Error(`${where}: no row for \`${option}\``);
        return codeSpans(row[1] ?? '');
      };

      // Act
      const drifts = {
        'add --reason': drift(valuesOf('add --reason'), OPERATOR_REASONS),
        'list --reason': drift(valuesOf('list --reason'), Object.values(SuppressionReason)),
        'list --status': drift(valuesOf('list --status'), Object.values(SuppressionStatus)),
        'check --json': drift(valuesOf('check --json'), Object.values(CheckOutcome)),
      };

      // Assess
      expect(drifts, `${where} differs from the values the CLI accepts (OPERATOR_REASONS, SuppressionReason, SuppressionStatus, CheckOutcome)`).toEqual({
        'add --reason': NO_DRIFT,
        'list --reason': NO_DRIFT,
        'list --status': NO_DRIFT,
        'check --json': NO_DRIFT,
      });
    });

    it('lists exactly the exit codes', () => {
      // Act
      const listed = namesInFirstColumn(section('Exit codes'), 'docs/operations.md "Exit codes"');

      // Assess
      expect(drift(listed, Object.values(ExitCode).map(String)), 'docs/operations.md "Exit codes" differs from src/cli/exitCodes.ts').toEqual(NO_DRIFT);
    });

    it('lists every redrive option, and only options redrive takes', () => {
      // Prepare
      const redrive = COMMANDS.find((c) => c.name === 'redrive');
      const takes = [...Object.keys(redrive?.options ?? {}), ...Object.keys(GLOBAL_OPTIONS)];

      // Act
      const listed = firstTable(section('Redrive'), 'docs/operations.md "Redrive"').rows.flatMap((row) => optionNames(row[0] ?? ''));

      // Assess
      expect(redrive, 'the CLI has no redrive command').toBeDefined();
      expect(drift(listed, takes).notInCode, 'docs/operations.md "Redrive" lists options redrive does not take').toEqual([]);
      expect(
        Object.keys(redrive?.options ?? {}).filter((o) => !listed.includes(o)),
        'redrive options missing from docs/operations.md "Redrive"',
      ).toEqual([]);
    });
  });

  it('docs/sending.md names every skip reason and failure mode of the sender library', () => {
    // Prepare
    const spans = codeSpans(proseOf(doc('sending.md')));

    // Act: a value is named as a code span of its own (`suppressed`) or quoted in one (`failureMode: 'open'`)
    const missing = [...Object.values(SkipReason), ...Object.values(FailureMode)].filter(
      (value) => !spans.some((span) => span === value || span.includes(`'${value}'`)),
    );

    // Assess
    expect(missing, 'docs/sending.md does not name these SkipReason / FailureMode values').toEqual([]);
  });
});

describe('Docs: the sender library against DynamoDB Local (docs/sending.md)', () => {
  it('names the region, the endpoint and placeholder credentials, in the environment and in code, and the errors without them', () => {
    // Prepare
    const section = sectionOf(read('docs/sending.md'), 'Against DynamoDB Local', 'docs/sending.md');
    const blocks = codeBlocks(section);
    const shell = blocks.find((block) => block.lang === 'sh')?.content ?? '';
    const code = blocks.find((block) => block.lang === 'ts')?.content ?? '';

    // Assess: the variables the consumer test sets for check.js, and the client options they stand for.
    for (const variable of ['AWS_REGION=', 'AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:8000', 'AWS_ACCESS_KEY_ID=', 'AWS_SECRET_ACCESS_KEY='])
      expect(shell, variable).toContain(variable);
    for (const option of ['region:', "endpoint: 'http://127.0.0.1:8000'", 'credentials: { accessKeyId:', 'client: DynamoDBDocumentClient.from('])
      expect(code, option).toContain(option);
    expect(section).toContain('`Region is missing`');
    expect(section).toContain('`Could not load credentials from');
    expect(section).toContain('-sharedDb');
  });
});

describe('Docs: the README', () => {
  const readme = read('README.md');

  it(`is at most ${README_MAX_LINES} lines`, () => {
    // Act
    const lines = readme.trimEnd().split('\n').length;

    // Assess
    expect(lines, `README.md has ${lines} lines; move detail to docs/`).toBeLessThanOrEqual(README_MAX_LINES);
  });

  it('links every page in docs/', () => {
    // Prepare
    const pages = readdirSync(DOCS).filter((name) => name.endsWith('.md'));
    const linked = new Set(linkTargets(readme).map((target) => target.split('#')[0]));

    // Act
    const unlinked = pages.filter((name) => !linked.has(`docs/${name}`));

    // Assess
    expect(pages.length, 'docs/ has no pages').toBeGreaterThan(5);
    expect(unlinked, 'pages in docs/ that README.md does not link').toEqual([]);
  });

  it('gives your own CDK app a cdk.json whose app command runs the example, with the packages that command needs', () => {
    // Prepare: without a cdk.json (or --app), the first `cdk synth` fails with "--app is required".
    const section = sectionOf(readme, 'Use it in your own CDK app', 'README.md');
    const shell = codeBlocks(section)
      .filter((block) => block.lang === 'sh')
      .map((block) => block.content)
      .join('\n');

    // Act
    const written = /'(\{.*\})'\s*>\s*cdk\.json/.exec(shell)?.[1];
    const app = written === undefined ? undefined : (JSON.parse(written) as { app?: string }).app;

    // Assess
    expect(written, 'README.md "Use it in your own CDK app" writes no cdk.json').toBeDefined();
    expect(app).toBe('npx tsx app.ts');
    expect(shell).toMatch(/npm install --save-dev aws-cdk tsx/);
    expect(shell).toContain('npx cdk init app --language typescript');
  });

  it.each([
    ['examples/consumer/app.ts', 'ts'],
    ['examples/consumer/check.js', 'js'],
  ])('shows %s verbatim in a ```%s block', (path, lang) => {
    // Prepare
    const file = read(path);

    // Act
    const shown = codeBlocks(readme).some((block) => block.lang === lang && block.content === file);

    // Assess
    expect(shown, `README.md has no \`\`\`${lang} block equal to ${path}: copy the file again`).toBe(true);
  });
});

describe('Docs: links', () => {
  const files = [
    'README.md',
    ...readdirSync(DOCS)
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`),
  ];

  it('reads anchors as GitHub makes them', () => {
    // Act
    const anchors = anchorsOf(
      '# Title\n## Turning verification off, and why you should not\n## The `SesBounceGuard` construct\n```sh\n# not a heading\n```\n## Title\n',
    );

    // Assess
    expect([...anchors]).toEqual(['title', 'turning-verification-off-and-why-you-should-not', 'the-sesbounceguard-construct', 'title-1']);
  });

  it('every relative link and anchor in README.md and docs/ points to something that exists', () => {
    // Prepare
    const links = files.flatMap((file) =>
      linkTargets(read(file))
        .filter((target) => !/^[a-z][a-z+.-]*:/i.test(target))
        .map((target) => ({ file, target })),
    );

    // Act
    const broken = links.flatMap(({ file, target }) => {
      const [path = '', anchor] = target.split('#');
      const resolved = path === '' ? join(ROOT, file) : resolve(dirname(join(ROOT, file)), path);
      const name = relative(ROOT, resolved);
      if (!existsSync(resolved)) return PENDING_DOCS.includes(name) ? [] : [`${file}: ${target}: ${name} does not exist`];
      if (anchor === undefined) return [];
      if (!statSync(resolved).isFile() || !name.endsWith('.md')) return [`${file}: ${target}: an anchor into ${name}, which is not a Markdown file`];
      return anchorsOf(readFileSync(resolved, 'utf8')).has(anchor) ? [] : [`${file}: ${target}: ${name} has no heading with the anchor #${anchor}`];
    });

    // Assess
    expect(links.length, 'no relative link was found: the check would prove nothing').toBeGreaterThan(30);
    expect(broken, 'broken relative links or anchors').toEqual([]);
  });
});
