import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../local/dynamoDbLocal';
import type { DynamoProxy } from '../../local/dynamoProxy';
import { startDynamoProxy } from '../../local/dynamoProxy';
import { SendRefusedError } from '../../src/sender/errors';
import { GuardedSender } from '../../src/sender/GuardedSender';
import { SuppressionChecker } from '../../src/sender/SuppressionChecker';
import { recipientEvent, seed, softEvent } from '../helpers/records';
import type { SesStub } from '../helpers/sesStub';
import { startSesStub } from '../helpers/sesStub';
import { createSuppressionTable, localDocumentClient } from '../helpers/table';

const CONTENT = { Simple: { Subject: { Data: 'Your order' }, Body: { Text: { Data: 'Shipped.' } } } };

describe('Class: GuardedSender', () => {
  let tableName: string;
  let proxy: DynamoProxy;
  let ses: SesStub;
  let sender: GuardedSender;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    proxy = await startDynamoProxy(inject('dynamoEndpoint'));
    ses = await startSesStub();
    sender = new GuardedSender({
      checker: new SuppressionChecker({ tableName, client: localDocumentClient(proxy.endpoint, 1) }),
      ses: ses.client(),
    });
  });

  afterEach(async () => {
    await proxy.close();
    await ses.close();
  });

  it('sends to the two clear recipients of three and reports the suppressed one', async () => {
    // Prepare
    await seed(tableName, recipientEvent('bounced@example.com'));

    // Act
    const result = await sender.send({
      FromEmailAddress: 'shop@example.com',
      Destination: { ToAddresses: ['jane@example.com', 'Bounced <BOUNCED@example.com>'], CcAddresses: ['john@example.com'] },
      Content: CONTENT,
    });

    // Assess
    expect(result).toMatchObject({
      status: 'sent',
      messageId: 'stub-message-1',
      sent: { to: ['jane@example.com'], cc: ['john@example.com'], bcc: [] },
      skipped: [{ address: 'Bounced <BOUNCED@example.com>', field: 'to', reason: 'suppressed', record: { reason: 'bounce' } }],
      checked: true,
    });
    const [email] = ses.sentEmails();
    expect(email).toMatchObject({
      FromEmailAddress: 'shop@example.com',
      Destination: { ToAddresses: ['jane@example.com'], CcAddresses: ['john@example.com'] },
      ConfigurationSetName: 'txn-mail',
    });
    expect(proxy.count('BatchGetItem')).toBe(1);
  });

  it('drops suppressed recipients from Cc and Bcc too, and leaves out a field that becomes empty', async () => {
    // Prepare
    await seed(tableName, recipientEvent('cc@example.com'), recipientEvent('bcc@example.com'));

    // Act
    const result = await sender.send({
      Destination: { ToAddresses: ['to@example.com'], CcAddresses: ['cc@example.com'], BccAddresses: ['bcc@example.com', 'ok@example.com'] },
      Content: CONTENT,
    });

    // Assess
    expect(result.skipped.map((s) => `${s.field}:${s.address}`)).toEqual(['cc:cc@example.com', 'bcc:bcc@example.com']);
    expect(ses.sentEmails()[0]?.Destination).toEqual({ ToAddresses: ['to@example.com'], BccAddresses: ['ok@example.com'] });
  });

  it('makes no SES call when every recipient is suppressed or invalid', async () => {
    // Prepare
    await seed(tableName, recipientEvent('a@example.com'), recipientEvent('b@example.com'));

    // Act
    const result = await sender.send({
      Destination: { ToAddresses: ['a@example.com'], BccAddresses: ['b@example.com', 'not-an-address'] },
      Content: CONTENT,
    });

    // Assess
    expect(result.status).toBe('not-sent');
    expect(result.messageId).toBeUndefined();
    expect(result.skipped.map((s) => s.reason)).toEqual(['suppressed', 'suppressed', 'invalid-address']);
    expect(ses.requests).toHaveLength(0);
  });

  it('never lets a soft record block a send', async () => {
    // Prepare
    await seed(tableName, softEvent('soft@example.com'));

    // Act
    const result = await sender.send({ Destination: { ToAddresses: ['soft@example.com'] }, Content: CONTENT });

    // Assess
    expect(result.status).toBe('sent');
    expect(result.skipped).toEqual([]);
    expect(ses.sentEmails()).toHaveLength(1);
  });

  it('attaches the configuration set it was given, over any the request carries', async () => {
    // Prepare
    const custom = new GuardedSender({
      checker: new SuppressionChecker({ tableName, client: localDocumentClient() }),
      ses: ses.client(),
      configurationSetName: 'marketing',
    });

    // Act
    await custom.send({ Destination: { ToAddresses: ['jane@example.com'] }, Content: CONTENT, ...{ ConfigurationSetName: 'other' } });

    // Assess
    expect(ses.sentEmails()[0]?.ConfigurationSetName).toBe('marketing');
  });

  it('fails closed by default: refuses to send when DynamoDB is down', async () => {
    // Prepare
    proxy.fail('BatchGetItem');
    const unreachable = new GuardedSender({
      checker: new SuppressionChecker({ tableName, client: localDocumentClient(`http://127.0.0.1:${await freePort()}`, 1) }),
      ses: ses.client(),
    });
    const request = { Destination: { ToAddresses: ['jane@example.com'] }, Content: CONTENT };

    // Act
    const failing = await sender.send(request).catch((error: unknown) => error);
    const closedPort = await unreachable.send(request).catch((error: unknown) => error);

    // Assess
    expect(failing).toBeInstanceOf(SendRefusedError);
    expect((failing as Error).message).toMatch(/Refusing to send: the suppression table suppression-.* could not be read/);
    expect((failing as Error).cause).toHaveProperty('name', 'StoreUnavailableError');
    expect(closedPort).toBeInstanceOf(SendRefusedError);
    expect(ses.requests).toHaveLength(0);
  });

  it('fails open only when asked to, and says the send went out unchecked', async () => {
    // Prepare
    proxy.fail('BatchGetItem');
    const open = new GuardedSender({
      checker: new SuppressionChecker({ tableName, client: localDocumentClient(proxy.endpoint, 1) }),
      ses: ses.client(),
      failureMode: 'open',
    });

    // Act
    const result = await open.send({ Destination: { ToAddresses: ['jane@example.com'] }, Content: CONTENT });

    // Assess
    expect(result).toMatchObject({ status: 'sent', checked: false, sent: { to: ['jane@example.com'] } });
    expect(result.checkError?.name).toBe('StoreUnavailableError');
    expect(ses.sentEmails()).toHaveLength(1);
  });
});
