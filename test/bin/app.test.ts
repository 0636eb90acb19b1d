import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import cdkJson from '../../cdk.json';
import { createSigningAuthority } from '../../local/snsSigningAuthority';
import { readSynthesized } from '../../local/synthesize';
import { sesBounce, sesComplaint, snsEnvelope, snsEvent, sqsEvent, TOPIC_ARN } from '../helpers/factories';
import { type ProcessResult, runProcess } from '../helpers/runProcess';
import { createSuppressionTable, scanAll } from '../helpers/table';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/**
 * Loads a CommonJS bundle in a fresh Node process and calls its `handler` with the event on stdin.
 * The one download the handler makes, the SNS signing certificate, is answered at the network edge
 * (`https.get`) from CERT_URL/CERT_PEM: the test's signing authority stands in for SNS.
 */
const INVOKE = `
const https = require('node:https');
const { PassThrough } = require('node:stream');
const realGet = https.get;
https.get = (url, ...rest) => {
  if (String(url) !== process.env.CERT_URL) return realGet(url, ...rest);
  const callback = rest.find((arg) => typeof arg === 'function');
  const response = Object.assign(new PassThrough(), { statusCode: 200, headers: {} });
  setImmediate(() => { callback(response); response.end(process.env.CERT_PEM); });
  return new PassThrough();
};
const { handler } = require(process.argv[1]);
let input = '';
process.stdin.on('data', (chunk) => (input += chunk)).on('end', async () => {
  try {
    const result = await handler(JSON.parse(input));
    process.stdout.write(JSON.stringify({ result: result ?? null }));
  } catch (error) {
    process.stdout.write(JSON.stringify({ error: String(error) }));
    process.exitCode = 1;
  }
});
`;

/** The JSON lines the bundle wrote (log entries, EMF blobs), then the INVOKE script's result. */
function linesOf(run: ProcessResult): Record<string, unknown>[] {
  return run.stdout
    .split('\n')
    .flatMap((line) => line.split(/(?<=\})(?=\{"result"|\{"error")/))
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

function resultOf(run: ProcessResult): { result?: unknown; error?: string } {
  return [...linesOf(run)].reverse().find((line) => 'result' in line || 'error' in line) as { result?: unknown; error?: string };
}

type CfnTemplate = { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };

const outdirs: string[] = [];

/**
 * Runs `bin/app.ts` as `cdk synth` does (CDK_OUTDIR, CDK_CONTEXT_JSON), with cdk.json's context
 * plus `overrides`, and with a Docker that does not exist: synth must bundle locally.
 */
async function synthApp(overrides: Record<string, unknown> = {}): Promise<{ outdir: string; result: ProcessResult }> {
  const outdir = mkdtempSync(join(tmpdir(), 'bounce-guard-app-'));
  outdirs.push(outdir);
  const result = await runProcess(TSX, ['bin/app.ts'], {
    cwd: ROOT,
    env: {
      HOME: process.env.HOME ?? tmpdir(),
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify({ ...cdkJson.context, ...overrides }),
      CDK_DOCKER: join(outdir, 'no-docker-here'),
    },
  });
  return { outdir, result };
}

function templateIn(outdir: string): CfnTemplate {
  return JSON.parse(readFileSync(join(outdir, 'SesBounceGuard.template.json'), 'utf8')) as CfnTemplate;
}

// Each case runs a whole synth in a child process (bundling, cdk-nag, cfn-guard): on a loaded
// 2-core machine that takes longer than the default 30 s.
describe('App: bin/app.ts', { timeout: 120_000 }, () => {
  let outdir: string;
  let synth: ProcessResult;

  beforeAll(async () => {
    ({ outdir, result: synth } = await synthApp());
  });

  afterAll(() => {
    for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
  });

  describe('synth', () => {
    it("succeeds with cdk.json's context, with no AWS account and no Docker", () => {
      // Assess
      expect(synth.stderr).not.toMatch(/docker/i);
      expect(synth.code).toBe(0);
      expect(existsSync(join(outdir, 'SesBounceGuard.template.json'))).toBe(true);
      expect(existsSync(readSynthesized(outdir).bundle)).toBe(true);
    });

    it('runs both cdk-nag packs and the Control Tower controls, and leaves no finding unacknowledged', () => {
      // Prepare
      const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
        pluginReports: { pluginName: string; violations: unknown[]; suppressedViolations?: { reason: string }[] }[];
      };

      // Assess
      expect(report.pluginReports.map((r) => r.pluginName).sort()).toEqual(['AwsSolutions', 'Serverless', 'cdk-validator-cfnguard']);
      for (const plugin of report.pluginReports) {
        expect(plugin.violations).toEqual([]);
        expect(plugin.suppressedViolations?.length ?? 0).toBeGreaterThan(0);
      }
    });

    // A synth in a child process bundles both functions: on a loaded machine it takes more than the default 30 s.
    it('takes `-c key=value` strings over cdk.json', { timeout: 120_000 }, async () => {
      // Act
      const { outdir: overridden, result } = await synthApp({
        stackName: 'Mail-Test',
        accountSuppression: 'false',
        configurationSetName: 'orders',
        bounceRateWarning: '0.01',
        alarmEmail: 'ops@example.com',
      });

      // Assess
      expect(result.code).toBe(0);
      const manifest = JSON.parse(readFileSync(join(overridden, 'manifest.json'), 'utf8'));
      expect(manifest.artifacts.SesBounceGuard.properties.stackName).toBe('Mail-Test');
      const resources = Object.values(templateIn(overridden).Resources);
      expect(resources.filter((r) => r.Type.startsWith('Custom::'))).toEqual([]);
      expect(resources.find((r) => r.Type === 'AWS::SES::ConfigurationSet')?.Properties.Name).toBe('orders');
      const bounceWarnings = resources.filter(
        (r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.MetricName === 'Reputation.BounceRate' && r.Properties.Threshold === 0.01,
      );
      expect(bounceWarnings).toHaveLength(2);
      expect(resources.filter((r) => r.Type === 'AWS::SNS::Subscription' && r.Properties.Protocol === 'email').map((r) => r.Properties.Endpoint)).toEqual([
        'ops@example.com',
      ]);
    });

    it('synthesizes queue mode and the policy from `-c` strings, nag-clean', { timeout: 120_000 }, async () => {
      // Act
      const { outdir: queued, result } = await synthApp({
        deliveryMode: 'queue',
        queueMaxConcurrency: '10',
        dsnOverride: 'true',
        softRecordTtlDays: '30',
        webhookUrl: 'https://hooks.example.com/ses',
        softRecordEvents: 'true',
      });

      // Assess
      expect(result.code).toBe(0);
      const report = JSON.parse(readFileSync(join(queued, 'validation-report.json'), 'utf8')) as { pluginReports: { violations: unknown[] }[] };
      expect(report.pluginReports).toHaveLength(3);
      for (const plugin of report.pluginReports) expect(plugin.violations).toEqual([]);
      const resources = Object.values(templateIn(queued).Resources);
      // The queue's mapping (the table stream's has a starting position).
      expect(resources.find((r) => r.Type === 'AWS::Lambda::EventSourceMapping' && r.Properties.StartingPosition === undefined)?.Properties).toMatchObject({
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 10 },
        MaximumBatchingWindowInSeconds: 5,
      });
      expect(resources.filter((r) => r.Type === 'AWS::SNS::Subscription').map((r) => r.Properties.Protocol)).toEqual(['sqs']);
      const fn = resources.find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.TABLE_NAME !== undefined);
      expect(fn?.Properties.Environment.Variables).toMatchObject({ DSN_OVERRIDE: 'true', SOFT_RECORD_TTL_DAYS: '30', SOFT_BOUNCE_THRESHOLD: '3' });
      expect(resources.find((r) => r.Type === 'AWS::DynamoDB::Table')?.Properties.TimeToLiveSpecification).toEqual({
        AttributeName: 'expiresAt',
        Enabled: true,
      });
      expect(resources.find((r) => r.Type === 'AWS::Events::ApiDestination')?.Properties.InvocationEndpoint).toBe('https://hooks.example.com/ses');
      const changeEvents = resources.find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.EVENT_BUS_NAME !== undefined);
      expect(changeEvents?.Properties.Environment.Variables.SOFT_RECORD_EVENTS).toBe('true');
    });

    it('stops before synth with one error listing every bad setting', async () => {
      // Act
      const { outdir: failed, result } = await synthApp({ configurationSetName: 'txn mail', handlerMemorySize: '64', identities: 'not-an-identity' });

      // Assess
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('Invalid CDK context: cdk.json or -c (3 problems)');
      expect(result.stderr).toContain('configurationSetName (from the command line (-c)): must be 1 to 64 letters');
      expect(result.stderr).toContain('identities (from the command line (-c)): not an email address or domain: "not-an-identity"');
      expect(result.stderr).toContain('handlerMemorySize (from the command line (-c)): must be an integer from 128 to 10240 (got "64")');
      expect(result.stderr).not.toContain('    at ');
      expect(existsSync(join(failed, 'SesBounceGuard.template.json'))).toBe(false);
    });

    it('stops before synth on an unknown setting, naming the one meant', async () => {
      // Act
      const { outdir: failed, result } = await synthApp({ deliverymode: 'queue' });

      // Assess
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('deliverymode (from the command line (-c)): unknown setting; did you mean "deliveryMode"?');
      expect(existsSync(join(failed, 'SesBounceGuard.template.json'))).toBe(false);
    });

    it('stops before synth on settings the construct refuses together, in one list', async () => {
      // Act
      const { result } = await synthApp({ bounceRateWarning: '0.05', queueBatchSize: '500', queueBatchWindowSeconds: '0' });

      // Assess
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('Invalid SesBounceGuard props (2 problems)');
      expect(result.stderr).toContain('bounceRateWarning: must be below bounceRateCritical (got 0.05 >= 0.04)');
      expect(result.stderr).toContain('queueOptions.batchSize: more than 10 needs a batchWindow of 1 second or more');
      expect(result.stderr).not.toContain('    at ');
    });

    it('adopts a retained table by name, nag- and control-clean', async () => {
      // Act
      const { outdir: adopted, result } = await synthApp({ existingSuppressionTableName: 'SesBounceGuard-old-table' });

      // Assess
      expect(result.code, result.stderr).toBe(0);
      const resources = Object.values(templateIn(adopted).Resources);
      expect(resources.filter((r) => r.Type === 'AWS::DynamoDB::Table')).toEqual([]);
      const report = JSON.parse(readFileSync(join(adopted, 'validation-report.json'), 'utf8')) as { pluginReports: { violations: unknown[] }[] };
      for (const plugin of report.pluginReports) expect(plugin.violations).toEqual([]);
    });

    it('warns at synth of settings that let suppressed addresses be mailed again', async () => {
      // Act
      const { outdir: warned, result } = await synthApp({ suppressionTtlDays: '365', softRecordTtlDays: '3' });

      // Assess
      expect(result.code).toBe(0);
      // The CLI prints the stack's metadata warnings; CDK keeps them in the manifest or, in newer
      // versions, in a metadata file beside it.
      const manifest = JSON.parse(readFileSync(join(warned, 'manifest.json'), 'utf8')) as {
        artifacts: Record<string, { metadata?: Record<string, { type: string; data: string }[]> }>;
      };
      const metadataFile = join(warned, 'SesBounceGuard.metadata.json');
      const metadata = existsSync(metadataFile)
        ? (JSON.parse(readFileSync(metadataFile, 'utf8')) as Record<string, { type: string; data: string }[]>)
        : (manifest.artifacts.SesBounceGuard?.metadata ?? {});
      const warnings = Object.values(metadata)
        .flat()
        .filter((entry) => entry.type === 'aws:cdk:warning')
        .map((entry) => entry.data);
      expect(warnings).toEqual([
        expect.stringContaining('suppressionTtlDays is 365: suppressions expire'),
        expect.stringContaining('softRecordTtlDays (3) is shorter than softBounceWindowDays (7)'),
      ]);
    });
  });

  describe('the deployable artifact', () => {
    const endpoint = inject('dynamoEndpoint');
    const authority = createSigningAuthority();
    const invoke = (env: Record<string, string>, event: unknown) =>
      runProcess(process.execPath, ['-e', INVOKE, readSynthesized(outdir).bundle], {
        env: {
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_ENDPOINT_URL_DYNAMODB: endpoint,
          TOPIC_ARN,
          CONFIGURATION_SET_NAME: 'ConfigSet',
          DEPLOYMENT: 'SesBounceGuard/Guard',
          CERT_URL: authority.certUrl,
          CERT_PEM: authority.certificatePem,
          ...env,
        },
        input: JSON.stringify(event),
      });

    it('records a bounce and a complaint delivered by SNS in the table', async () => {
      // Prepare
      const tableName = await createSuppressionTable();
      const event = snsEvent(
        authority.sign(snsEnvelope(sesBounce(['Jane Doe <Jane@Example.com>']))),
        authority.sign(snsEnvelope(sesComplaint(['bob@example.org'], { feedbackType: 'abuse' }))),
        // A forgery beside them: rejected, and the batch still succeeds.
        {
          ...authority.sign(snsEnvelope(sesBounce(['victim@example.com']))),
          Message: JSON.stringify(sesBounce(['victim@example.com'], { bounceType: 'Transient' })),
        },
      );

      // Act
      const run = await invoke({ TABLE_NAME: tableName }, event);

      // Assess
      expect(run.code).toBe(0);
      const items = await scanAll(tableName);
      expect(items).toEqual([
        expect.objectContaining({ email: 'bob@example.org', status: 'suppressed', reason: 'complaint', eventCount: 1 }),
        expect.objectContaining({ email: 'jane@example.com', status: 'suppressed', reason: 'bounce', bounceType: 'Permanent', eventCount: 1 }),
      ]);
    });

    it("acknowledges SES's setup notice over SNS and SQS: ignored and counted, nothing written, nothing retried", async () => {
      // Prepare
      const tableName = await createSuppressionTable();
      const notice = authority.sign(snsEnvelope('Successfully validated SNS topic for Amazon SES event publishing.'));

      // Act
      const overSns = await invoke({ TABLE_NAME: tableName }, snsEvent(notice));
      const overSqs = await invoke({ TABLE_NAME: tableName }, sqsEvent(notice));

      // Assess
      expect(overSns.code, overSns.stdout).toBe(0);
      expect(overSqs.code, overSqs.stdout).toBe(0);
      expect(resultOf(overSqs)).toEqual({ result: { batchItemFailures: [] } });
      for (const run of [overSns, overSqs]) {
        expect(linesOf(run).find((line) => line.message === 'batch processed')).toMatchObject({ records: 1, ignored: 1, failed: 0 });
        // The EMF blob: IgnoredEvents 1, FailedRecords 0.
        expect(linesOf(run).find((line) => line._aws !== undefined)).toMatchObject({ IgnoredEvents: 1, FailedRecords: 0 });
      }
      expect(await scanAll(tableName)).toEqual([]);
    });

    it('still fails any other plain-text message over SNS and SQS, and writes nothing', async () => {
      // Prepare
      const tableName = await createSuppressionTable();
      const other = authority.sign(snsEnvelope('Successfully validated SNS topic for Amazon SES event publishing. Or not.'));

      // Act
      const overSns = await invoke({ TABLE_NAME: tableName }, snsEvent(other));
      const overSqs = await invoke({ TABLE_NAME: tableName }, sqsEvent(other));

      // Assess
      expect(overSns.code).toBe(1);
      expect(resultOf(overSns).error).toContain('1 of 1 SNS records failed');
      expect((resultOf(overSqs).result as { batchItemFailures: unknown[] }).batchItemFailures).toHaveLength(1);
      expect(await scanAll(tableName)).toEqual([]);
    });

    it('applies the suppression policy its environment gives it', async () => {
      // Prepare
      const tableName = await createSuppressionTable();
      const event = snsEvent(authority.sign(snsEnvelope(sesBounce(['dead@example.com'], { bounceType: 'Transient' }))));

      // Act
      const run = await invoke({ TABLE_NAME: tableName, DSN_OVERRIDE: 'true' }, event);

      // Assess
      expect(run.code).toBe(0);
      expect(await scanAll(tableName)).toEqual([expect.objectContaining({ email: 'dead@example.com', status: 'suppressed', reason: 'bounce' })]);
    });

    it('refuses to start with a bad policy variable and writes nothing', async () => {
      // Prepare
      const tableName = await createSuppressionTable();

      // Act
      const run = await invoke({ TABLE_NAME: tableName, SOFT_BOUNCE_THRESHOLD: 'three' }, snsEvent(snsEnvelope(sesBounce(['jane@example.com']))));

      // Assess
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('SOFT_BOUNCE_THRESHOLD must be a whole number (got "three")');
      expect(await scanAll(tableName)).toEqual([]);
    });

    it('refuses to start without TABLE_NAME and writes nothing', async () => {
      // Prepare
      const tableName = await createSuppressionTable();

      // Act
      const run = await invoke({}, snsEvent(snsEnvelope(sesBounce(['jane@example.com']))));

      // Assess
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('TABLE_NAME is not set');
      expect(await scanAll(tableName)).toEqual([]);
    });
  });
});
