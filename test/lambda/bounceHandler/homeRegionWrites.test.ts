import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SNSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSigningAuthority } from '../../../local/snsSigningAuthority';
import { trustCertificate } from '../../../local/trustCertificate';
import { HandlerEnv } from '../../../src/contract/handlerEnvironment';
import { PARTITION_KEY } from '../../../src/store/suppressionSchema';
import { sesBounce, snsEnvelope, snsEvent, TOPIC_ARN } from '../../helpers/factories';
import { scanAll } from '../../helpers/table';

const HOME_REGION = 'eu-west-1';
/** The function's own region (vitest.config.mts sets AWS_REGION to it). */
const OWN_REGION = 'us-east-1';
const TABLE = 'Mail-Home-suppressions';

/** DynamoDB Local keeps one database per access key and region: each client sees its region's table. */
function clientIn(region: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: inject('dynamoEndpoint'), region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 }),
  );
}

describe("Function: handler (lambda/bounceHandler/index.ts), a second region's deployment", () => {
  const authority = createSigningAuthority();
  const home = clientIn(HOME_REGION);
  const own = clientIn(OWN_REGION);
  let trust: { restore(): void };
  const saved = { ...process.env };

  beforeAll(async () => {
    trust = trustCertificate(authority.certUrl, authority.certificatePem);
    // The same table name in both regions: a write can land in either.
    for (const client of [home, own]) {
      await client.send(
        new CreateTableCommand({
          TableName: TABLE,
          KeySchema: [{ AttributeName: PARTITION_KEY, KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: PARTITION_KEY, AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    }
  });
  afterAll(() => {
    trust.restore();
    process.env = saved;
  });

  it('writes to the table in SUPPRESSION_TABLE_REGION, not in its own region', async () => {
    // Prepare: the environment SesBounceGuardRegion gives the function; the SDK's endpoint
    // override points every region at DynamoDB Local.
    Object.assign(process.env, {
      [HandlerEnv.TABLE_NAME]: TABLE,
      [HandlerEnv.SUPPRESSION_TABLE_REGION]: HOME_REGION,
      [HandlerEnv.TOPIC_ARN]: TOPIC_ARN,
      [HandlerEnv.CONFIGURATION_SET_NAME]: 'ConfigSet',
      [HandlerEnv.DEPLOYMENT]: 'Mail-us-east-1/Guard',
      AWS_REGION: OWN_REGION,
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    });
    const { handler } = await import('../../../lambda/bounceHandler/index');

    // Act
    await handler(snsEvent(authority.sign(snsEnvelope(sesBounce(['dead.mailbox@example.com'])))) as SNSEvent);

    // Assess
    expect((await scanAll(TABLE, home)).map((item) => [item.email, item.reason])).toEqual([['dead.mailbox@example.com', 'bounce']]);
    expect(await scanAll(TABLE, own)).toEqual([]);
  });
});
