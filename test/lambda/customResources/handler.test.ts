import { createServer, type Server } from 'node:http';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { type CustomResourceEvent, serveCustomResource } from '../../../lambda/customResources/handler';
import { GuardResourceType, STREAM_ARN_ATTRIBUTE } from '../../../src/customResources/resourceTypes';
import { closeServer } from '../../helpers/loopbackServer';
import { type SesStub, startSesStub } from '../../helpers/sesStub';
import { createStreamedSuppressionTable } from '../../helpers/streamTable';
import { createSuppressionTable } from '../../helpers/table';

type Response = { Status: 'SUCCESS' | 'FAILED'; Reason?: string; PhysicalResourceId: string; Data?: Record<string, string>; RequestId: string };

let ses: SesStub;
let responder: Server;
let responseUrl: string;
const responses: Response[] = [];
const dynamo = new DynamoDBClient({
  endpoint: inject('dynamoEndpoint'),
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  maxAttempts: 1,
});
const logged: string[] = [];

beforeAll(async () => {
  ses = await startSesStub();
  // CloudFormation's presigned response URL: a real server on loopback that keeps each PUT body.
  responder = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      responses.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Response);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => responder.listen(0, '127.0.0.1', resolve));
  const address = responder.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  responseUrl = `http://127.0.0.1:${address.port}/response`;
});

afterAll(async () => {
  await ses.close();
  await closeServer(responder);
});

beforeEach(() => {
  ses.identities.clear();
  ses.configurationSets.clear();
});

let sequence = 0;
/** Sends one CloudFormation request through the provider and returns what it answered. */
async function request(
  resourceType: string,
  requestType: CustomResourceEvent['RequestType'],
  properties: Record<string, unknown>,
  extra: Partial<Pick<CustomResourceEvent, 'PhysicalResourceId' | 'OldResourceProperties'>> = {},
): Promise<Response> {
  const requestId = `request-${++sequence}`;
  await serveCustomResource(
    {
      RequestType: requestType,
      ResponseURL: responseUrl,
      StackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/Test/1',
      RequestId: requestId,
      ResourceType: resourceType,
      LogicalResourceId: 'Resource',
      ResourceProperties: { ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:provider', ...properties },
      ...extra,
    },
    { ses: ses.client(), dynamo, callTimeoutMs: 5_000, log: (message) => logged.push(message) },
  );
  const response = responses.find((r) => r.RequestId === requestId);
  if (response === undefined) throw new Error('the provider did not answer CloudFormation');
  return response;
}

const sesWrites = () => ses.requests.filter((r) => r.method === 'PUT').length;
const identity = (props: { set?: string; force?: boolean } = {}) => ({
  Identity: 'example.com',
  ConfigurationSetName: props.set ?? 'txn-mail',
  Force: String(props.force ?? false),
});

describe('Custom-resource provider: identity default configuration set', () => {
  it('create: makes our set the default of an identity that has none', async () => {
    // Prepare
    ses.identities.set('example.com', {});

    // Act
    const response = await request(GuardResourceType.IDENTITY_DEFAULT, 'Create', identity());

    // Assess
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'default-configuration-set:example.com' });
    expect(ses.identities.get('example.com')).toEqual({ ConfigurationSetName: 'txn-mail' });
  });

  it("create: fails, naming the other set, when the identity's default is another set; and changes nothing", async () => {
    // Prepare
    ses.identities.set('example.com', { ConfigurationSetName: 'marketing' });
    const writesBefore = sesWrites();

    // Act
    const response = await request(GuardResourceType.IDENTITY_DEFAULT, 'Create', identity());

    // Assess
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain('SES identity example.com already has the default configuration set "marketing"');
    expect(response.Reason).toContain('forceIdentityDefaults: true');
    expect(ses.identities.get('example.com')).toEqual({ ConfigurationSetName: 'marketing' });
    expect(sesWrites()).toBe(writesBefore);
  });

  it('create with force: takes the default over from another set', async () => {
    // Prepare
    ses.identities.set('example.com', { ConfigurationSetName: 'marketing' });

    // Act
    const response = await request(GuardResourceType.IDENTITY_DEFAULT, 'Create', identity({ force: true }));

    // Assess
    expect(response.Status).toBe('SUCCESS');
    expect(ses.identities.get('example.com')).toEqual({ ConfigurationSetName: 'txn-mail' });
  });

  it('update that renames our set: the old name is ours, so the new one replaces it', async () => {
    // Prepare
    ses.identities.set('example.com', { ConfigurationSetName: 'txn-mail' });

    // Act
    const response = await request(GuardResourceType.IDENTITY_DEFAULT, 'Update', identity({ set: 'orders' }), {
      PhysicalResourceId: 'default-configuration-set:example.com',
      OldResourceProperties: identity(),
    });

    // Assess
    expect(response.Status).toBe('SUCCESS');
    expect(ses.identities.get('example.com')).toEqual({ ConfigurationSetName: 'orders' });
  });

  it('create for an identity that does not exist fails with SES NotFoundException', async () => {
    // Act
    const response = await request(GuardResourceType.IDENTITY_DEFAULT, 'Create', identity());

    // Assess
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toMatch(/^NotFoundException: Email identity example.com does not exist/);
  });

  it('delete: clears the default while it is still ours', async () => {
    // Prepare
    ses.identities.set('example.com', { ConfigurationSetName: 'txn-mail' });

    // Act
    const response = await request(GuardResourceType.IDENTITY_DEFAULT, 'Delete', identity(), { PhysicalResourceId: 'default-configuration-set:example.com' });

    // Assess
    expect(response.Status).toBe('SUCCESS');
    expect(ses.identities.get('example.com')).toEqual({});
  });

  it('delete: leaves a default someone changed since, and logs why', async () => {
    // Prepare
    ses.identities.set('example.com', { ConfigurationSetName: 'marketing' });
    const writesBefore = sesWrites();

    // Act
    const response = await request(GuardResourceType.IDENTITY_DEFAULT, 'Delete', identity(), { PhysicalResourceId: 'default-configuration-set:example.com' });

    // Assess
    expect(response.Status).toBe('SUCCESS');
    expect(ses.identities.get('example.com')).toEqual({ ConfigurationSetName: 'marketing' });
    expect(sesWrites()).toBe(writesBefore);
    expect(logged.at(-1)).toContain('its default is now "marketing", not ours');
  });

  it('delete: succeeds when the identity is gone (nothing to clear)', async () => {
    // Act
    const response = await request(GuardResourceType.IDENTITY_DEFAULT, 'Delete', identity(), { PhysicalResourceId: 'default-configuration-set:example.com' });

    // Assess
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'default-configuration-set:example.com' });
  });
});

describe('Custom-resource provider: reputation metrics of an adopted configuration set', () => {
  it('turns them on when off, and off again on delete', async () => {
    // Prepare
    ses.configurationSets.set('team-mail', { ReputationMetricsEnabled: false });

    // Act
    const created = await request(GuardResourceType.REPUTATION_METRICS, 'Create', { ConfigurationSetName: 'team-mail' });
    const on = ses.configurationSets.get('team-mail');
    const deleted = await request(
      GuardResourceType.REPUTATION_METRICS,
      'Delete',
      { ConfigurationSetName: 'team-mail' },
      { PhysicalResourceId: created.PhysicalResourceId },
    );

    // Assess
    expect(created).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'reputation-metrics:team-mail:was-off' });
    expect(on).toEqual({ ReputationMetricsEnabled: true });
    expect(deleted.Status).toBe('SUCCESS');
    expect(ses.configurationSets.get('team-mail')).toEqual({ ReputationMetricsEnabled: false });
  });

  it('leaves them on, at create and at delete, when they were on', async () => {
    // Prepare
    ses.configurationSets.set('team-mail', { ReputationMetricsEnabled: true });

    // Act
    const created = await request(GuardResourceType.REPUTATION_METRICS, 'Create', { ConfigurationSetName: 'team-mail' });
    await request(GuardResourceType.REPUTATION_METRICS, 'Delete', { ConfigurationSetName: 'team-mail' }, { PhysicalResourceId: created.PhysicalResourceId });

    // Assess
    expect(created.PhysicalResourceId).toBe('reputation-metrics:team-mail:was-on');
    expect(ses.configurationSets.get('team-mail')).toEqual({ ReputationMetricsEnabled: true });
  });

  it('fails create for a configuration set that does not exist', async () => {
    // Act
    const response = await request(GuardResourceType.REPUTATION_METRICS, 'Create', { ConfigurationSetName: 'missing' });

    // Assess
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain('NotFoundException');
  });
});

describe('Custom-resource provider: account suppression', () => {
  it('puts the reasons on create, and leaves them on delete', async () => {
    // Act
    await request(GuardResourceType.ACCOUNT_SUPPRESSION, 'Create', { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] });
    const afterCreate = ses.accountSuppressedReasons();
    const deleted = await request(
      GuardResourceType.ACCOUNT_SUPPRESSION,
      'Delete',
      { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      { PhysicalResourceId: 'ses-account-suppression' },
    );

    // Assess
    expect(afterCreate).toEqual(['BOUNCE', 'COMPLAINT']);
    expect(deleted.Status).toBe('SUCCESS');
    expect(ses.accountSuppressedReasons()).toEqual(['BOUNCE', 'COMPLAINT']);
  });
});

describe('Custom-resource provider: adopted table stream (DynamoDB Local)', () => {
  it("returns the table's current LatestStreamArn, on create and on every update", async () => {
    // Prepare
    const tableName = await createStreamedSuppressionTable();
    const { Table: table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));

    // Act
    const created = await request(GuardResourceType.TABLE_STREAM, 'Create', { TableName: tableName, ReadAt: '2026-01-01T00:00:00.000Z' });
    const updated = await request(
      GuardResourceType.TABLE_STREAM,
      'Update',
      { TableName: tableName, ReadAt: '2026-01-02T00:00:00.000Z' },
      { PhysicalResourceId: created.PhysicalResourceId },
    );

    // Assess
    expect(created).toMatchObject({ Status: 'SUCCESS', Data: { [STREAM_ARN_ATTRIBUTE]: table?.LatestStreamArn } });
    expect(updated).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: created.PhysicalResourceId,
      Data: { [STREAM_ARN_ATTRIBUTE]: table?.LatestStreamArn },
    });
  });

  it('fails, saying how to fix it, for a table without a stream', async () => {
    // Prepare
    const tableName = await createSuppressionTable();

    // Act
    const response = await request(GuardResourceType.TABLE_STREAM, 'Create', { TableName: tableName, ReadAt: '2026-01-01T00:00:00.000Z' });

    // Assess
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain(`table ${tableName} has no stream with new and old images`);
    expect(response.Data).toBeUndefined();
  });
});

describe('Custom-resource provider: unknown types', () => {
  it('fails create, and lets delete through so that a stack never wedges', async () => {
    // Act
    const created = await request('Custom::Unknown', 'Create', {});
    const deleted = await request('Custom::Unknown', 'Delete', {}, { PhysicalResourceId: 'x' });

    // Assess
    expect(created).toMatchObject({ Status: 'FAILED', Reason: 'CustomResourceError: this provider does not serve Custom::Unknown' });
    expect(deleted).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'x' });
  });
});
