import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHandler } from '../../lambda/bounceHandler/handler';
import { createSigningAuthority } from '../../local/snsSigningAuthority';
import { trustCertificate } from '../../local/trustCertificate';
import { SuppressionStore } from '../../src/store/SuppressionStore';
import { runCli } from '../helpers/cli';
import { startCloudFormationStub } from '../helpers/cloudFormationStub';
import { startCloudWatchStub } from '../helpers/cloudWatchStub';
import { sesBounce, sesComplaint, snsEnvelope, snsEvent, TOPIC_ARN } from '../helpers/factories';
import { startLambdaStub } from '../helpers/lambdaStub';
import { runProcess } from '../helpers/runProcess';
import { startSesStub } from '../helpers/sesStub';
import { startSqsStub } from '../helpers/sqsStub';
import { createStreamedSuppressionTable } from '../helpers/streamTable';
import { createSuppressionTable, localDocumentClient, scanAll } from '../helpers/table';

/**
 * Another team's view of the package: `npm pack` it, install the tarball into scratch projects as
 * a consumer would, and use it only through what the install put in node_modules.
 */
const ROOT = join(__dirname, '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'consumer');
const BIN = (name: string) => join(ROOT, 'node_modules', '.bin', name);
const NPM_ENV = { HOME: process.env.HOME ?? tmpdir(), npm_config_update_notifier: 'false', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, any> }>; Outputs?: Record<string, { Value: unknown }> };

let work: string;
let tarball: string;

async function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}) {
  const result = await runProcess(command, args, { cwd, env: { ...NPM_ENV, ...env } });
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** A scratch project with the example's files and the packed tarball as a dependency, installed. */
async function consumerProject(name: string, installArgs: readonly string[]): Promise<string> {
  const dir = join(work, name);
  mkdirSync(dir);
  for (const file of readdirSync(EXAMPLE)) copyFileSync(join(EXAMPLE, file), join(dir, file));
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  manifest.dependencies['ses-bounce-guard'] = `file:${tarball}`;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...installArgs], dir);
  return dir;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'ses-bounce-guard-consumer-'));
  // `npm pack` runs the prepack script: the build, as a publish would.
  const packed = await run('npm', ['pack', '--json', '--pack-destination', work], ROOT);
  const [{ filename }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as [{ filename: string }];
  tarball = join(work, filename);
}, 600_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('Package: ses-bounce-guard, installed from its tarball', () => {
  it('ships the compiled library, the prebundled handler and the CLI, and no tests, samples or benchmarks', async () => {
    // Act
    const listing = await run('tar', ['-tzf', tarball], work);
    const files = listing.stdout.split('\n').filter((line) => line !== '');

    // Assess
    expect(files).toContain('package/dist/src/sender/index.js');
    expect(files).toContain('package/dist/src/sender/index.d.ts');
    expect(files).toContain('package/dist/lib/index.js');
    expect(files).toContain('package/dist/src/events/index.d.ts');
    expect(files).toContain('package/dist/assets/bounce-handler/index.js');
    // The receiver subpaths, and the processing core inside the receiver's own folder.
    expect(files).toEqual(
      expect.arrayContaining(['package/dist/src/receiver/index.js', 'package/dist/src/http/index.js', 'package/dist/src/sender/nodemailer.js']),
    );
    expect(files).toContain('package/dist/src/receiver/processEnvelope.js');
    expect(files).toContain('package/bin/ses-bounce-guard.js');
    expect(files.filter((file) => /^package\/(test|samples|bench|local|src|lib|lambda)\//.test(file))).toEqual([]);
    expect(statSync(tarball).size).toBeLessThan(2_000_000);
  });

  describe('in a CDK app', () => {
    let app: string;
    let template: Template;

    beforeAll(async () => {
      app = await consumerProject('cdk-app', []);
      const outdir = join(app, 'cdk.out');
      await run(BIN('tsx'), ['app.ts'], app, { CDK_OUTDIR: outdir, CDK_DOCKER: join(app, 'no-docker-here') });
      template = JSON.parse(readFileSync(join(outdir, 'MailStack.template.json'), 'utf8')) as Template;
    }, 600_000);

    it('type-checks against the declarations the package ships', async () => {
      // Act
      const result = await runProcess(BIN('tsc'), ['-p', join(app, 'tsconfig.json')], { cwd: app, env: NPM_ENV });

      // Assess
      expect(result.stdout + result.stderr).toBe('');
      expect(result.code).toBe(0);
    });

    it('synthesizes without esbuild or Docker: the handler ships prebundled', () => {
      // Assess
      expect(existsSync(join(app, 'node_modules', 'esbuild'))).toBe(false);
      const handler = Object.values(template.Resources).find(
        (resource) => resource.Type === 'AWS::Lambda::Function' && resource.Properties.Environment?.Variables?.TABLE_NAME !== undefined,
      );
      expect(handler?.Properties.Handler).toBe('index.handler');
      const asset = join(app, 'cdk.out', `asset.${String(handler?.Properties.Code.S3Key).replace(/\.zip$/, '')}`, 'index.js');
      expect(readFileSync(asset, 'utf8')).toBe(
        readFileSync(join(app, 'node_modules', 'ses-bounce-guard', 'dist', 'assets', 'bounce-handler', 'index.js'), 'utf8'),
      );
    });

    it('adds its event destination to the existing configuration set, and creates no configuration set and no table', () => {
      // Assess
      const types = Object.values(template.Resources).map((resource) => resource.Type);
      expect(types).not.toContain('AWS::SES::ConfigurationSet');
      expect(types).not.toContain('AWS::DynamoDB::Table');
      expect(types).not.toContain('AWS::DynamoDB::GlobalTable');
      const destinations = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::SES::ConfigurationSetEventDestination');
      expect(destinations).toHaveLength(1);
      expect(destinations[0]?.Properties.ConfigurationSetName).toBe('team-mail');
      expect(destinations[0]?.Properties.EventDestination.MatchingEventTypes).toEqual(['bounce', 'complaint']);
    });

    it("reads the table's stream ARN from context, or at deploy time without it: no account's ARN is written in the example", async () => {
      // Prepare
      const streamArn = 'arn:aws:dynamodb:eu-west-1:444455556666:table/team-suppressions/stream/2026-02-03T04:05:06.789';
      const outdir = join(app, 'cdk.out.context');
      await run(BIN('tsx'), ['app.ts'], app, {
        CDK_OUTDIR: outdir,
        CDK_DOCKER: join(app, 'no-docker-here'),
        CDK_CONTEXT_JSON: JSON.stringify({ suppressionTableStreamArn: streamArn }),
      });
      const withContext = JSON.parse(readFileSync(join(outdir, 'MailStack.template.json'), 'utf8')) as Template;
      const mappingSource = (of: Template) =>
        Object.values(of.Resources).find(
          (resource) => resource.Type === 'AWS::Lambda::EventSourceMapping' && resource.Properties.StartingPosition !== undefined,
        )?.Properties.EventSourceArn;

      // Assess
      expect(readFileSync(join(app, 'app.ts'), 'utf8')).not.toMatch(/arn:aws:dynamodb/);
      expect(mappingSource(withContext)).toBe(streamArn);
      expect(mappingSource(template)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^BounceGuardCurrentTableStream/), 'StreamArn'] });
    });

    it('grants the sender function exactly GetItem and BatchGetItem on the existing table', () => {
      // Prepare
      const [senderId] = Object.entries(template.Resources).find(([id, resource]) => resource.Type === 'AWS::Lambda::Function' && id.startsWith('Sender')) as [
        string,
        unknown,
      ];
      const senderRole = (template.Resources[senderId]?.Properties.Role as { 'Fn::GetAtt': [string, string] } | undefined)?.['Fn::GetAtt'][0];

      // Act
      const policies = Object.values(template.Resources).filter(
        (resource) => resource.Type === 'AWS::IAM::Policy' && (resource.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === senderRole),
      );

      // Assess
      expect(policies).toHaveLength(1);
      expect(policies[0]?.Properties.PolicyDocument.Statement).toEqual([
        {
          Effect: 'Allow',
          Action: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'],
          Resource: [
            {
              'Fn::Join': [
                '',
                ['arn:', { Ref: 'AWS::Partition' }, ':dynamodb:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':table/team-suppressions'],
              ],
            },
          ],
        },
      ]);
    });

    it('checks addresses with the installed sender library', async () => {
      // Prepare
      const endpoint = inject('dynamoEndpoint');
      const tableName = await createSuppressionTable();
      const added = await runCli([
        'add',
        '--default-policy',
        'dead@example.com',
        '--reason',
        'bounce',
        '--table',
        tableName,
        '--endpoint',
        endpoint,
        '--actor',
        'test',
      ]);
      expect(added.code).toBe(0);

      // Act
      const result = await run('node', ['check.js', 'Dead@Example.com', 'alive@example.com'], app, {
        SUPPRESSION_TABLE: tableName,
        AWS_ENDPOINT_URL_DYNAMODB: endpoint,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
      });

      // Assess
      expect(result.stdout).toBe('Dead@Example.com\tsuppressed\tbounce\nalive@example.com\tclear\t\n');
    });
    it("passes the installed CLI's smoke-test on the app's own outputs (--guard BounceGuard), on the loopback stand-ins", async () => {
      // Prepare: every output key comes from the synthesized template; the values are the stand-ins'.
      const keys = Object.keys(template.Outputs ?? {});
      const configurationSet = template.Outputs?.BounceGuardConfigurationSetName?.Value;
      expect(configurationSet).toBe('team-mail');
      // With application events on, the smoke test checks the change-events mapping reads the
      // table's current stream: a table with a stream, and a Lambda stand-in whose mapping reads it.
      const tableName = await createStreamedSuppressionTable();
      const { Table: described } = await localDocumentClient().send(new DescribeTableCommand({ TableName: tableName }));
      const lambda = await startLambdaStub('change-events');
      lambda.eventSourceArns = [String(described?.LatestStreamArn)];
      const authority = createSigningAuthority();
      const trust = trustCertificate(authority.certUrl, authority.certificatePem);
      const handler = createHandler({
        store: new SuppressionStore({ tableName, client: localDocumentClient() }),
        topicArn: TOPIC_ARN,
        configurationSetName: 'team-mail',
        deployment: 'MailStack/BounceGuard',
      });
      const cloudFormation = await startCloudFormationStub();
      const cloudWatch = await startCloudWatchStub();
      const sqs = await startSqsStub();
      const ses = await startSesStub([], {
        onSendEmail: async (body) => {
          if (body.ConfigurationSetName !== 'team-mail') return;
          const to = (body.Destination as { ToAddresses: string[] }).ToAddresses[0] as string;
          const event = to.startsWith('bounce@') ? sesBounce([to]) : sesComplaint([to], { feedbackType: 'abuse' });
          // SES tags each event with the configuration set the mail was sent through.
          const mail = event.mail as { tags?: Record<string, string[]> };
          event.mail = { ...mail, tags: { ...mail.tags, 'ses:configuration-set': ['team-mail'] } };
          cloudWatch.publish('ses-bounce-guard-events', 1);
          await handler(snsEvent(authority.sign(snsEnvelope(event))));
        },
      });
      cloudWatch.metrics = [
        { Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Dimensions: [] },
        { Namespace: 'AWS/SES', MetricName: 'Reputation.ComplaintRate', Dimensions: [] },
        { Namespace: 'AWS/SES', MetricName: 'Reputation.BounceRate', Dimensions: [{ Name: 'ses:configuration-set', Value: 'team-mail' }] },
        { Namespace: 'AWS/SES', MetricName: 'Reputation.ComplaintRate', Dimensions: [{ Name: 'ses:configuration-set', Value: 'team-mail' }] },
      ];
      const standIn: Record<string, string> = {
        BounceGuardTableName: tableName,
        BounceGuardConfigurationSetName: 'team-mail',
        BounceGuardTopicArn: TOPIC_ARN,
        BounceGuardProcessingDeadLetterQueueUrl: sqs.queueUrl('processing-dlq'),
        BounceGuardDeliveryDeadLetterQueueUrl: sqs.queueUrl('delivery-dlq'),
        BounceGuardChangeEventsFunctionName: 'change-events',
      };
      cloudFormation.setStack('MailStack', Object.fromEntries(keys.map((key) => [key, standIn[key] ?? `stand-in for ${key}`])));

      try {
        // Act
        const result = await runProcess(
          'npx',
          [
            '--no-install',
            'ses-bounce-guard',
            'smoke-test',
            '--stack',
            'MailStack',
            '--guard',
            'BounceGuard',
            '--from',
            'sender@example.com',
            '--actor',
            'consumer-test',
            '--timeout',
            '10',
            '--endpoint',
            inject('dynamoEndpoint'),
            '--ses-endpoint',
            ses.endpoint,
            '--sqs-endpoint',
            sqs.endpoint,
            '--cloudformation-endpoint',
            cloudFormation.endpoint,
            '--cloudwatch-endpoint',
            cloudWatch.endpoint,
            '--lambda-endpoint',
            lambda.endpoint,
          ],
          { cwd: app, env: NPM_ENV },
        );

        // Assess
        for (const name of ['TableName', 'ConfigurationSetName', 'TopicArn', 'ProcessingDeadLetterQueueUrl', 'DeliveryDeadLetterQueueUrl'])
          expect(keys).toContain(`BounceGuard${name}`);
        expect(result.code, result.stdout + result.stderr).toBe(0);
        expect(result.stdout).toContain('smoke test of stack MailStack, guard BounceGuard');
        expect(result.stdout).toMatch(/change events read the current stream +pass/);
        expect(result.stdout).toContain('all 10 checks passed');
      } finally {
        trust.restore();
        await Promise.all([ses.close(), sqs.close(), cloudWatch.close(), cloudFormation.close(), lambda.close()]);
      }
    });
  });

  describe('as an operator tool, installed without dev dependencies', () => {
    let tool: string;

    beforeAll(async () => {
      tool = join(work, 'ops');
      mkdirSync(tool);
      writeFileSync(join(tool, 'package.json'), JSON.stringify({ name: 'ops', private: true }));
      await run('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', tarball], tool);
    }, 600_000);

    it('installs neither tsx nor the CDK', () => {
      expect(existsSync(join(tool, 'node_modules', 'tsx'))).toBe(false);
      expect(existsSync(join(tool, 'node_modules', 'aws-cdk-lib'))).toBe(false);
    });

    it('resolves every subpath export without the CDK installed, except the constructs', async () => {
      // Act
      const script =
        "for (const p of ['ses-bounce-guard', 'ses-bounce-guard/sender', 'ses-bounce-guard/events', 'ses-bounce-guard/contract', 'ses-bounce-guard/receiver', 'ses-bounce-guard/http', 'ses-bounce-guard/nodemailer']) console.log(p, Object.keys(require(p)).length > 0)";
      const result = await run('node', ['-e', script], tool);

      // Assess
      expect(result.stdout).toBe(
        ['', '/sender', '/events', '/contract', '/receiver', '/http', '/nodemailer'].map((subpath) => `ses-bounce-guard${subpath} true\n`).join(''),
      );
    });

    it('prints its help', async () => {
      // Act
      const result = await run('npx', ['--no-install', 'ses-bounce-guard', '--help'], tool);

      // Assess
      expect(result.stdout).toContain('Usage: ses-bounce-guard <command> [options]');
    });

    it('checks an address against DynamoDB Local', async () => {
      // Prepare
      const endpoint = inject('dynamoEndpoint');
      const tableName = await createSuppressionTable();
      expect(
        (
          await runCli([
            'add',
            '--default-policy',
            'gone@example.com',
            '--reason',
            'complaint',
            '--table',
            tableName,
            '--endpoint',
            endpoint,
            '--actor',
            'test',
          ])
        ).code,
      ).toBe(0);

      // Act
      const result = await runProcess('npx', ['--no-install', 'ses-bounce-guard', 'check', 'gone@example.com', '--table', tableName, '--endpoint', endpoint], {
        cwd: tool,
        env: { ...NPM_ENV, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
      });

      // Assess: exit code 3 is "found a suppressed address".
      expect(result.code).toBe(3);
      expect(result.stdout).toContain('gone@example.com');
      expect(result.stdout).toContain('complaint');
    });
    it('runs serve from the tarball: healthz, a refused forgery, and a clean SIGTERM', async () => {
      // Prepare
      const tableName = await createSuppressionTable();
      const args = ['serve', '--port', '0', '--host', '127.0.0.1', '--topic-arn', 'arn:aws:sns:us-east-1:123456789012:t'];
      // The installed bin itself, as a container's entry point runs it (npx would not pass SIGTERM's exit on).
      const child = spawn(join(tool, 'node_modules', '.bin', 'ses-bounce-guard'), [...args, '--table', tableName, '--endpoint', inject('dynamoEndpoint')], {
        cwd: tool,
        env: { ...process.env, ...NPM_ENV },
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const url = await new Promise<string>((resolve) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /"url":"([^"]+)"/.exec(out);
          if (match) resolve(match[1] as string);
        });
      });

      // Act
      const health = await fetch(`${url}/healthz`);
      const forged = await fetch(`${url}/`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' },
        body: JSON.stringify({ Type: 'Notification', MessageId: 'm', TopicArn: 'arn:aws:sns:us-east-1:123456789012:other', Message: '{}' }),
      });
      child.kill('SIGTERM');

      // Assess
      expect(health.status).toBe(200);
      expect([forged.status, await forged.json()]).toEqual([200, { outcome: 'rejected' }]);
      expect(await exited).toBe(0);
    });

    it('runs worker from the tarball against the SQS stand-in', async () => {
      // Prepare
      const sqs = await startSqsStub();
      const tableName = await createSuppressionTable();
      sqs.configureQueue('events', { visibilityTimeoutSeconds: 30 });
      sqs.seed('events', [JSON.stringify(sesBounce(['queued@example.com']))]);
      const args = ['worker', '--queue-url', sqs.queueUrl('events'), '--topic-arn', 'arn:aws:sns:us-east-1:123456789012:t'];
      const child = spawn(
        join(tool, 'node_modules', '.bin', 'ses-bounce-guard'),
        [...args, '--configuration-set', 'ConfigSet', '--trust-queue', '--table', tableName, '--endpoint', inject('dynamoEndpoint')],
        {
          cwd: tool,
          env: { ...process.env, ...NPM_ENV, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' },
        },
      );
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

      // Act
      const deadline = Date.now() + 60_000;
      while (sqs.messages('events').length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      child.kill('SIGTERM');
      const code = await exited;
      await sqs.close();

      // Assess
      expect(code).toBe(0);
      expect((await scanAll(tableName)).map((item) => item.email)).toEqual(['queued@example.com']);
    });

    it('guards nodemailer from the tarball, with nodemailer installed beside it', async () => {
      // Prepare
      await run('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', 'nodemailer@>=7'], tool);
      const ses = await startSesStub();
      const tableName = await createSuppressionTable();
      await runCli([
        'add',
        '--default-policy',
        'dead@example.com',
        '--reason',
        'bounce',
        '--table',
        tableName,
        '--endpoint',
        inject('dynamoEndpoint'),
        '--actor',
        'test',
      ]);
      const script = [
        "const nodemailer = require('nodemailer');",
        "const { SESv2Client } = require('@aws-sdk/client-sesv2');",
        "const { SuppressionChecker } = require('ses-bounce-guard');",
        "const { guardedSes } = require('ses-bounce-guard/nodemailer');",
        'const checker = new SuppressionChecker({ tableName: process.env.SUPPRESSION_TABLE });',
        'const t = nodemailer.createTransport({ SES: guardedSes({ checker, sesClient: new SESv2Client({ endpoint: process.env.SES_ENDPOINT }) }) });',
        "t.sendMail({ from: 'shop@example.com', to: ['dead@example.com', 'alive@example.com'], subject: 's', text: 't' }).then(() => console.log('sent'));",
      ].join('\n');

      // Act
      const result = await run('node', ['-e', script], tool, {
        SUPPRESSION_TABLE: tableName,
        SES_ENDPOINT: ses.endpoint,
        AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
      });
      const sent = ses.sentEmails();
      await ses.close();

      // Assess
      expect(result.stdout).toBe('sent\n');
      expect(sent).toEqual([expect.objectContaining({ ConfigurationSetName: 'txn-mail', Destination: { ToAddresses: ['alive@example.com'] } })]);
    });
  });
});
