import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import type { ContextKey } from '../../lib/config/contextKeys';
import { readAppContext } from '../../lib/config/readAppContext';
import { SesBounceGuard } from '../../lib/SesBounceGuard';
import { SesBounceGuardStack } from '../../lib/SesBounceGuardStack';

/**
 * The life of a deployment: the app synthesized before and after each plausible change, and the
 * change set CloudFormation would compute (`@aws-cdk/cloudformation-diff`, the CDK's own `cdk diff`)
 * checked for what must never happen: the suppression table, the configuration set or a KMS key
 * replaced or deleted. Where a change would replace a named resource, the new one takes the old
 * one's name: the deployment then fails on the name (nothing is created twice, nothing deleted),
 * and docs/deploy.md ("Changing a deployment safely") says how to make the change.
 */

type CfnTemplate = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string }> };

/** What must never be replaced or deleted, and the property holding each one's fixed name. */
const PROTECTED: Readonly<Record<string, string | undefined>> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::SES::ConfigurationSet': 'Name',
  'AWS::KMS::Key': undefined,
};

const templates = new Map<string, CfnTemplate>();

/** The standalone app's template for a context, as `cdk synth` would make it (bundling skipped): memoized. */
function synthApp(context: Readonly<Record<string, unknown>>): CfnTemplate {
  const key = JSON.stringify(context);
  const cached = templates.get(key);
  if (cached !== undefined) return cached;
  const { stackName, guard } = readAppContext(context, {});
  const stack = new SesBounceGuardStack(new App(), 'SesBounceGuard', { ...(stackName === undefined ? {} : { stackName }), guard });
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  templates.set(key, template);
  return template;
}

/** A construct user's stack with the guard placed by `place`: memoized by `key`. */
function synthPlaced(key: string, place: (stack: Stack) => void): CfnTemplate {
  const cached = templates.get(key);
  if (cached !== undefined) return cached;
  const stack = new Stack(new App(), 'Mail', { stackName: 'Mail-Prod' });
  place(stack);
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  templates.set(key, template);
  return template;
}

/** What a change does to each protected resource, and to every resource it replaces or deletes. */
interface Verdict {
  /** Protected resources replaced or deleted with no name collision to stop the deployment: must be empty. */
  readonly lost: string[];
  /** Protected resources whose replacement collides on their fixed name: the deployment fails loudly. */
  readonly collisions: string[];
  /** Every other resource the change replaces or deletes, as `Type` (for the docs' list). */
  readonly replacedOrDeleted: string[];
}

function verdict(before: CfnTemplate, after: CfnTemplate): Verdict {
  const diff = fullDiff(before, after);
  const lost: string[] = [];
  const collisions: string[] = [];
  const replacedOrDeleted: string[] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    const old = before.Resources[logicalId];
    if (old === undefined) return;
    const impact = change.changeImpact;
    const gone = impact === ResourceImpact.WILL_REPLACE || impact === ResourceImpact.MAY_REPLACE || impact === ResourceImpact.WILL_DESTROY;
    // Removed from the template but DeletionPolicy Retain: CloudFormation leaves the resource.
    const orphaned = impact === ResourceImpact.WILL_ORPHAN || (impact === ResourceImpact.WILL_DESTROY && old.DeletionPolicy === 'Retain');
    if (!(old.Type in PROTECTED)) {
      if (gone && !orphaned) replacedOrDeleted.push(old.Type);
      return;
    }
    const nameProperty = PROTECTED[old.Type];
    const name = nameProperty === undefined ? undefined : old.Properties?.[nameProperty];
    const collides =
      name !== undefined &&
      Object.entries(after.Resources).some(
        ([id, resource]) =>
          resource.Type === old.Type && resource.Properties?.[nameProperty as string] === name && (id !== logicalId || impact !== ResourceImpact.WILL_UPDATE),
      );
    if (orphaned) {
      // Kept by CloudFormation; a new resource of the same name cannot be created beside it.
      if (collides) collisions.push(`${old.Type} ${String(name)}`);
      return;
    }
    if (!gone) return;
    // Replaced with its name unchanged: CloudFormation refuses to replace a custom-named resource.
    if (collides) collisions.push(`${old.Type} ${String(name)}`);
    // Replaced under a new name the user chose, the old one kept (UpdateReplacePolicy Retain).
    else if (impact !== ResourceImpact.WILL_DESTROY && old.UpdateReplacePolicy === 'Retain') return;
    else lost.push(`${old.Type} ${logicalId} (${impact})`);
  });
  return { lost, collisions, replacedOrDeleted: [...new Set(replacedOrDeleted)].sort() };
}

const WEBHOOK = { webhookUrl: 'https://hooks.example.com/ses' };
const QUEUE = { deliveryMode: 'queue' };
const VERSION_ID = 'EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE';

/**
 * Every context key, with a change to it from `before` (the defaults unless given). Typed by
 * ContextKey: a new key does not compile until its change is listed here.
 */
const KEY_CHANGES: Readonly<Record<ContextKey, { before?: Record<string, unknown>; after: Record<string, unknown> }>> = {
  stackName: { after: { stackName: 'Mail-Renamed' } },
  configurationSetName: { after: { configurationSetName: 'orders' } },
  existingConfigurationSetName: { after: { existingConfigurationSetName: 'txn-mail' } },
  existingSuppressionTableName: { after: { existingSuppressionTableName: 'SesBounceGuard-SuppressionTable-5FED48AA' } },
  accountSuppression: { after: { accountSuppression: false } },
  identities: { after: { identities: ['example.com'] } },
  handlerMemorySize: { after: { handlerMemorySize: 512 } },
  handlerTimeoutSeconds: { after: { handlerTimeoutSeconds: 60 } },
  logRetentionDays: { after: { logRetentionDays: 731 } },
  bounceRateWarning: { after: { bounceRateWarning: 0.01 } },
  bounceRateCritical: { after: { bounceRateCritical: 0.05 } },
  complaintRateWarning: { after: { complaintRateWarning: 0.0004 } },
  complaintRateCritical: { after: { complaintRateCritical: 0.001 } },
  alarmEmail: { after: { alarmEmail: 'ops@example.com' } },
  deliveryMode: { after: QUEUE },
  queueMaxConcurrency: { before: QUEUE, after: { ...QUEUE, queueMaxConcurrency: 10 } },
  queueBatchWindowSeconds: { before: QUEUE, after: { ...QUEUE, queueBatchWindowSeconds: 20 } },
  queueBatchSize: { before: QUEUE, after: { ...QUEUE, queueBatchSize: 100 } },
  softBounceThreshold: { after: { softBounceThreshold: 5 } },
  softBounceWindowDays: { after: { softBounceWindowDays: 14 } },
  dsnOverride: { after: { dsnOverride: true } },
  softRecordTtlDays: { after: { softRecordTtlDays: 30 } },
  suppressionTtlDays: { after: { suppressionTtlDays: 400 } },
  applicationEvents: { after: { applicationEvents: false } },
  softRecordEvents: { after: { softRecordEvents: true } },
  webhookUrl: { after: WEBHOOK },
  subscriberUrl: { after: { subscriberUrl: 'https://mail.example.com/sns' } },
  queueConsumer: { before: QUEUE, after: { ...QUEUE, queueConsumer: 'external' } },
  webhookSecretVersion: { before: WEBHOOK, after: { ...WEBHOOK, webhookSecretVersion: VERSION_ID } },
};

/**
 * Keys whose change only sets properties: checked together in one synth (each synth costs
 * seconds), and held to more: nothing at all is replaced or deleted.
 */
const SETTINGS_ONLY: readonly ContextKey[] = [
  'handlerMemorySize',
  'handlerTimeoutSeconds',
  'logRetentionDays',
  'bounceRateWarning',
  'bounceRateCritical',
  'complaintRateWarning',
  'complaintRateCritical',
  'alarmEmail',
  'softBounceThreshold',
  'softBounceWindowDays',
  'dsnOverride',
  'softRecordTtlDays',
  'suppressionTtlDays',
];
const QUEUE_SETTINGS: readonly ContextKey[] = ['queueMaxConcurrency', 'queueBatchWindowSeconds', 'queueBatchSize'];

/**
 * What a change replaces or deletes besides the protected resources: docs/deploy.md ("Changing a
 * deployment safely") lists each with how to do it safely. Unlisted changes replace nothing.
 */
const EXPECTED_LOSSES: Readonly<Partial<Record<ContextKey | 'leave queue mode', string[]>>> = {
  // The event destination moves to the adopted (or renamed) set: SES validates the topic again
  // and sends its setup notice, which the handler acknowledges.
  existingConfigurationSetName: ['AWS::SES::ConfigurationSetEventDestination'],
  configurationSetName: ['AWS::SES::ConfigurationSetEventDestination'],
  // The stream's mapping is made anew on the stream the lookup finds.
  existingSuppressionTableName: ['AWS::Lambda::EventSourceMapping'],
  // The setting's custom resource and the stack's provider function go; the account setting stays
  // as it is (the custom resource has no delete call).
  accountSuppression: ['AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::Lambda::Function', 'Custom::SesAccountSuppression'],
  // Direct delivery's own parts go (its dead-letter queue is retained).
  deliveryMode: ['AWS::Lambda::EventInvokeConfig', 'AWS::Lambda::Permission', 'AWS::SNS::Subscription', 'AWS::SQS::QueuePolicy'],
  // The queue, and whatever still waits in it: drain it first.
  'leave queue mode': ['AWS::CloudWatch::Alarm', 'AWS::Lambda::EventSourceMapping', 'AWS::SNS::Subscription', 'AWS::SQS::Queue', 'AWS::SQS::QueuePolicy'],
  // The function and everything that only serves it (its role, its alarms, its subscription): the
  // endpoint's subscription takes its place; both dead-letter queues are retained.
  subscriberUrl: [
    'AWS::CloudWatch::Alarm',
    'AWS::IAM::Policy',
    'AWS::IAM::Role',
    'AWS::Lambda::EventInvokeConfig',
    'AWS::Lambda::Function',
    'AWS::Lambda::Permission',
    'AWS::SNS::Subscription',
    'AWS::SQS::QueuePolicy',
  ],
  // The function, and the queue with whatever still waits in it (the worker's queue is a new one):
  // drain it first, as when leaving queue mode.
  queueConsumer: [
    'AWS::CloudWatch::Alarm',
    'AWS::IAM::Policy',
    'AWS::IAM::Role',
    'AWS::Lambda::EventSourceMapping',
    'AWS::Lambda::Function',
    'AWS::SNS::Subscription',
    'AWS::SQS::Queue',
    'AWS::SQS::QueuePolicy',
  ],
  // The change-events function and mapping, and the bus the construct created, with every rule on
  // it (the dead-letter queue is retained).
  applicationEvents: [
    'AWS::CloudWatch::Alarm',
    'AWS::Events::EventBus',
    'AWS::IAM::Policy',
    'AWS::IAM::Role',
    'AWS::Lambda::EventSourceMapping',
    'AWS::Lambda::Function',
    'AWS::SQS::QueuePolicy',
  ],
};

describe('Lifecycle: changing a deployment never loses the table, the configuration set or a key', () => {
  const baseline = () => synthApp({});

  describe.each(
    Object.entries(KEY_CHANGES).filter(
      ([key]) => !SETTINGS_ONLY.includes(key as ContextKey) && !QUEUE_SETTINGS.includes(key as ContextKey) && key !== 'stackName',
    ),
  )('context key %s', (key, { before, after }) => {
    it('replaces or deletes no protected resource, and only what docs/deploy.md lists', () => {
      // Act
      const result = verdict(before === undefined ? baseline() : synthApp(before), synthApp(after));

      // Assess
      expect(result.lost).toEqual([]);
      expect(result.collisions).toEqual([]);
      const expected = EXPECTED_LOSSES[key as ContextKey];
      if (expected !== undefined) expect(result.replacedOrDeleted).toEqual(expected);
      else expect(result.replacedOrDeleted).toEqual([]);
    });
  });

  it('settings that only set properties (policy, thresholds, function, logs, alarm email) replace and delete nothing, together', () => {
    // Act
    const after = Object.assign({}, ...SETTINGS_ONLY.map((key) => KEY_CHANGES[key].after)) as Record<string, unknown>;
    const result = verdict(baseline(), synthApp(after));

    // Assess
    expect(result).toEqual({ lost: [], collisions: [], replacedOrDeleted: [] });
  });

  it("queue mode's settings replace and delete nothing, together", () => {
    // Act
    const after = Object.assign({}, ...QUEUE_SETTINGS.map((key) => KEY_CHANGES[key].after)) as Record<string, unknown>;
    const result = verdict(synthApp(QUEUE), synthApp(after));

    // Assess
    expect(result).toEqual({ lost: [], collisions: [], replacedOrDeleted: [] });
  });

  it('leaving queue mode deletes the queue (drain it first) and nothing protected', () => {
    // Act
    const result = verdict(synthApp(QUEUE), baseline());

    // Assess
    expect(result.lost).toEqual([]);
    expect(result.replacedOrDeleted).toEqual(EXPECTED_LOSSES['leave queue mode']);
  });

  it('turning application events on again replaces and deletes nothing', () => {
    // Act
    const result = verdict(synthApp({ applicationEvents: false }), baseline());

    // Assess
    expect(result).toEqual({ lost: [], collisions: [], replacedOrDeleted: [] });
  });

  it('a new stack name is a new stack: its table has another name, so the old one must be adopted (docs/deploy.md)', () => {
    // Act
    const tableNames = (template: CfnTemplate) =>
      Object.values(template.Resources)
        .filter((resource) => resource.Type === 'AWS::DynamoDB::Table')
        .map((resource) => resource.Properties?.TableName);

    // Assess
    expect(tableNames(baseline())).toEqual(['SesBounceGuard-SuppressionTable-5FED48AA']);
    expect(tableNames(synthApp(KEY_CHANGES.stackName.after))).toEqual(['MailRenamed-Guard-SuppressionTable-BFB482BE']);
  });

  describe('webhook secret rotation (webhookSecretVersion)', () => {
    /** Every resource the change touches, with what CloudFormation does to it. */
    const changes = (before: CfnTemplate, after: CfnTemplate) => {
      const touched: Record<string, string> = {};
      fullDiff(before, after).resources.forEachDifference((logicalId, change) => {
        touched[`${change.newResourceType ?? change.oldResourceType} ${logicalId}`] = change.changeImpact;
      });
      return touched;
    };
    const connectionKey = (template: CfnTemplate) => {
      const [connection] = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::Events::Connection');
      const auth = connection?.Properties?.AuthParameters as { ApiKeyAuthParameters: { ApiKeyValue: unknown } } | undefined;
      return JSON.stringify(auth?.ApiKeyAuthParameters.ApiKeyValue);
    };

    it('a new version id updates the connection in place, and nothing else: CloudFormation resolves the secret again', () => {
      // Prepare
      const second = 'EXAMPLE2-90ab-cdef-fedc-ba987EXAMPLE';

      // Act
      const first = changes(synthApp(WEBHOOK), synthApp(KEY_CHANGES.webhookSecretVersion.after));
      const next = changes(synthApp(KEY_CHANGES.webhookSecretVersion.after), synthApp({ ...WEBHOOK, webhookSecretVersion: second }));

      // Assess: the dynamic reference names the version; only the connection changes, by an update.
      for (const touched of [first, next]) {
        expect(Object.values(touched)).toEqual([ResourceImpact.WILL_UPDATE]);
        expect(Object.keys(touched)[0]).toMatch(/^AWS::Events::Connection /);
      }
      expect(connectionKey(synthApp(WEBHOOK))).toMatch(/\{\{resolve:secretsmanager:.*:SecretString:::\}\}/);
      expect(connectionKey(synthApp(KEY_CHANGES.webhookSecretVersion.after))).toMatch(new RegExp(`:SecretString:::${VERSION_ID}\\}\\}`));
      expect(connectionKey(synthApp({ ...WEBHOOK, webhookSecretVersion: second }))).toMatch(new RegExp(`:SecretString:::${second}\\}\\}`));
    });

    it('a new secret value alone leaves the template as it is: without a new version id, nothing reaches the connection', () => {
      // Act: the same context twice, as a redeploy after put-secret-value would synthesize it.
      const template = synthApp(WEBHOOK);
      const again = (() => {
        const { guard } = readAppContext(WEBHOOK, {});
        return Template.fromStack(new SesBounceGuardStack(new App(), 'SesBounceGuard', { guard })).toJSON() as CfnTemplate;
      })();

      // Assess
      expect(changes(template, again)).toEqual({});
    });

    it('refuses a version that is not a version id, with a clear error', () => {
      // Act
      const read = () => readAppContext({ ...WEBHOOK, webhookSecretVersion: 'AWSCURRENT' }, {});

      // Assess
      expect(read).toThrow('webhookSecretVersion (from the command line (-c)): must be a Secrets Manager version id');
    });
  });

  describe('the construct in a stack of your own', () => {
    const placed = () => synthPlaced('Guard', (stack) => new SesBounceGuard(stack, 'Guard'));

    it.each([
      ['renamed', () => synthPlaced('BounceGuard', (stack) => new SesBounceGuard(stack, 'BounceGuard'))],
      ['moved under another parent', () => synthPlaced('Email/Guard', (stack) => new SesBounceGuard(new Construct(stack, 'Email'), 'Guard'))],
    ])('%s: keeps the table name, so the deploy fails on it (and on the configuration set name) instead of starting an empty table', (_change, after) => {
      // Act
      const result = verdict(placed(), after());

      // Assess: the old resources are retained, the new ones collide with them by name.
      expect(result.lost).toEqual([]);
      expect(result.collisions).toEqual(['AWS::DynamoDB::Table Mail-Prod-suppressions', 'AWS::SES::ConfigurationSet txn-mail']);
    });
  });
});
