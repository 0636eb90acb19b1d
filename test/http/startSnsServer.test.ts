import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSigningAuthority } from '../../local/snsSigningAuthority';
import { createSnsRequestListener, type SnsServer, startSnsServer } from '../../src/http';
import { captureLogsEachTest } from '../helpers/captureLogs';
import { sesBounce, TOPIC_ARN } from '../helpers/factories';
import { stubHttpsGet } from '../helpers/httpsStub';
import { loopbackOnly } from '../helpers/loopbackOnly';
import { postAsSns, signedNotification } from '../helpers/snsHttp';
import { createSuppressionTable, localDocumentClient, scanAll } from '../helpers/table';

/** What `serve` runs, in this process, so that signed requests can be verified against the stubbed certificate host. */
describe('Function: startSnsServer', () => {
  captureLogsEachTest();
  const authority = createSigningAuthority();
  let tableName: string;
  let server: SnsServer;
  let refusedHosts: string[];

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    stubHttpsGet().serve(authority.certUrl, { body: authority.certificatePem });
    refusedHosts = loopbackOnly();
    const listener = createSnsRequestListener({ topicArn: TOPIC_ARN, configurationSetName: 'ConfigSet', tableName, dynamoClient: localDocumentClient() });
    server = await startSnsServer({ listener, port: 0, host: '127.0.0.1', path: '/sns', shutdownTimeoutMs: 2_000 });
  });
  afterEach(async () => {
    await server.close();
    expect(refusedHosts).toEqual([]);
    vi.restoreAllMocks();
  });

  it('writes a signed notification posted to its path, once, and answers /healthz', async () => {
    // Prepare
    const envelope = signedNotification(authority, sesBounce(['served@example.com']));

    // Act
    const first = await postAsSns(`${server.url}/sns`, envelope);
    const again = await postAsSns(`${server.url}/sns`, envelope);
    const elsewhere = await postAsSns(`${server.url}/`, envelope);
    const health = await fetch(`${server.url}/healthz`);

    // Assess
    expect([first.body.outcome, again.body.outcome, elsewhere.status, health.status]).toEqual(['processed', 'duplicate', 404, 200]);
    expect(await scanAll(tableName)).toEqual([expect.objectContaining({ email: 'served@example.com', eventCount: 1 })]);
  });

  it('refuses new connections once closing', async () => {
    // Act
    await server.close();

    // Assess
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    server = { url: server.url, port: server.port, close: async () => {} };
  });
});
