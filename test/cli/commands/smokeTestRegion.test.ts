import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createHandler } from '../../../lambda/bounceHandler/handler';
import { createSigningAuthority } from '../../../local/snsSigningAuthority';
import { trustCertificate } from '../../../local/trustCertificate';
import { ExitCode } from '../../../src/cli/exitCodes';
import { SuppressionStore } from '../../../src/store/SuppressionStore';
import { PARTITION_KEY } from '../../../src/store/suppressionSchema';
import { runCli } from '../../helpers/cli';
import { type CloudFormationStub, startCloudFormationStub } from '../../helpers/cloudFormationStub';
import { type CloudWatchStub, startCloudWatchStub } from '../../helpers/cloudWatchStub';
import { sesBounce, sesComplaint, snsEnvelope, snsEvent, TOPIC_ARN } from '../../helpers/factories';
import { type SesStub, startSesStub } from '../../helpers/sesStub';
import { type SqsStub, startSqsStub } from '../../helpers/sqsStub';
import { createSuppressionTable, scanAll } from '../../helpers/table';

const STACK = 'Mail-us-east-1';
const CONFIG_SET = 'ConfigSet';
const TOPIC_NAME = 'ses-bounce-guard-events';
const BOUNCE = 'bounce@simulator.amazonses.com';
const COMPLAINT = 'complaint@simulator.amazonses.com';
const HOME_REGION = 'eu-west-1';
const REPLICA_REGION = 'us-east-1';

/**
 * DynamoDB Local keeps one database per access key and region (it runs without -sharedDb): a
 * client in `eu-west-1` sees the home table, one in `us-east-1` the replica of the same name.
 */
function clientIn(region: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 }),
  );
}

describe("Command: smoke-test --region, on a second region's stack", () => {
  const authority = createSigningAuthority();
  const home = clientIn(HOME_REGION);
  const replica = clientIn(REPLICA_REGION);
  let trust: { restore(): void };
  let cloudFormation: CloudFormationStub;
  let cloudWatch: CloudWatchStub;
  let ses: SesStub;
  let sqs: SqsStub;
  let tableName: string;
  /** Whether the stand-in for global-table replication copies home writes to the replica. */
  const behaviour = { replicate: true };

  beforeAll(async () => {
    trust = trustCertificate(authority.certUrl, authority.certificatePem);
    cloudFormation = await startCloudFormationStub();
  });
  afterAll(async () => {
    trust.restore();
    await cloudFormation.close();
  });

  beforeEach(async () => {
    behaviour.replicate = true;
    // The replica (us-east-1) and the home table (eu-west-1): one name, two regions.
    tableName = await createSuppressionTable(replica);
    await home.send(
      new CreateTableCommand({
        TableName: tableName,
        KeySchema: [{ AttributeName: PARTITION_KEY, KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: PARTITION_KEY, AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    cloudWatch = await startCloudWatchStub();
    // The regional handler, writing to the home table as SUPPRESSION_TABLE_REGION makes it.
    const store = new SuppressionStore({ tableName, client: home });
    const handler = createHandler({ store, topicArn: TOPIC_ARN, configurationSetName: CONFIG_SET, deployment: 'Mail-us-east-1/Guard' });
    ses = await startSesStub([], {
      onSendEmail: async (body) => {
        if (body.ConfigurationSetName !== CONFIG_SET) return;
        const to = (body.Destination as { ToAddresses: string[] }).ToAddresses[0] as string;
        const event = to === BOUNCE ? sesBounce([to]) : sesComplaint([to], { feedbackType: 'abuse' });
        cloudWatch.publish(TOPIC_NAME, 1);
        await handler(snsEvent(authority.sign(snsEnvelope(event))));
        // Global-table replication, standing in: the home item copied to the replica.
        if (behaviour.replicate) for (const item of await scanAll(tableName, home)) await replica.send(new PutCommand({ TableName: tableName, Item: item }));
      },
    });
    sqs = await startSqsStub();
    cloudFormation.setStack(STACK, {
      TableName: tableName,
      TableRegion: HOME_REGION,
      ConfigurationSetName: CONFIG_SET,
      TopicArn: TOPIC_ARN,
      ProcessingDeadLetterQueueUrl: sqs.queueUrl('processing-dlq'),
      DeliveryDeadLetterQueueUrl: sqs.queueUrl('delivery-dlq'),
    });
    cloudWatch.metrics = ['Reputation.BounceRate', 'Reputation.ComplaintRate'].flatMap((MetricName) => [
      { Namespace: 'AWS/SES', MetricName, Dimensions: [] },
      { Namespace: 'AWS/SES', MetricName, Dimensions: [{ Name: 'ses:configuration-set', Value: CONFIG_SET }] },
    ]);
  });
  afterEach(async () => {
    await ses.close();
    await sqs.close();
    await cloudWatch.close();
  });

  const run = (...extra: string[]) =>
    runCli([
      'smoke-test',
      '--stack',
      STACK,
      '--from',
      'sender@example.com',
      '--actor',
      'ops',
      '--region',
      REPLICA_REGION,
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
      '--json',
      ...extra,
    ]);

  it('passes once the home write reaches the replica, and writes its clean-up to the home table only', async () => {
    // Act
    const { code, stdout, stderr } = await run('--timeout', '5');

    // Assess
    expect(code, stderr).toBe(ExitCode.OK);
    const report = JSON.parse(stdout) as { tableRegion?: string; passed: boolean; cleaned: { email: string }[] };
    expect(report.tableRegion).toBe(HOME_REGION);
    expect(report.cleaned.map((item) => item.email).sort()).toEqual([BOUNCE, COMPLAINT]);
    const homeItems = await scanAll(tableName, home);
    expect(
      homeItems
        .filter((item) => item.auditAction === 'remove')
        .map((item) => item.auditAddress)
        .sort(),
    ).toEqual([BOUNCE, COMPLAINT]);
    expect(homeItems.filter((item) => item.status !== undefined && (item.email === BOUNCE || item.email === COMPLAINT))).toEqual([]);
    // Nothing written in the replica's region but what replication copied there.
    const replicaItems = await scanAll(tableName, replica);
    expect(replicaItems.filter((item) => item.auditAction !== undefined)).toEqual([]);
  });

  it('fails when the writes never reach this region (no replica here): the check reads the replica, not the home table', async () => {
    // Prepare
    behaviour.replicate = false;

    // Act
    const { code, stdout } = await run('--timeout', '1');

    // Assess
    expect(code).toBe(ExitCode.FAILED);
    const report = JSON.parse(stdout) as { passed: boolean; rows: { check: string; passed: boolean }[] };
    expect(report.rows.filter((row) => !row.passed).map((row) => row.check)).toEqual(['bounce recorded', 'complaint recorded']);
    // The home table holds both (the handler's writes), and the clean-up removed them there.
    const homeItems = await scanAll(tableName, home);
    expect(
      homeItems
        .filter((item) => item.auditAction === 'remove')
        .map((item) => item.auditAddress)
        .sort(),
    ).toEqual([BOUNCE, COMPLAINT]);
  });
});
