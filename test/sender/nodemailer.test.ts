import nodemailer from 'nodemailer';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { type DynamoProxy, startDynamoProxy } from '../../local/dynamoProxy';
import { AllRecipientsSuppressedError, SendRefusedError } from '../../src/sender/errors';
import { guardedSes } from '../../src/sender/nodemailer';
import { SuppressionChecker } from '../../src/sender/SuppressionChecker';
import { recipientEvent, seed, softEvent } from '../helpers/records';
import { type SesStub, startSesStub } from '../helpers/sesStub';
import { createSuppressionTable, localDocumentClient } from '../helpers/table';

describe('Function: guardedSes (with the real nodemailer SES transport)', () => {
  let tableName: string;
  let proxy: DynamoProxy;
  let ses: SesStub;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    proxy = await startDynamoProxy(inject('dynamoEndpoint'));
    ses = await startSesStub();
  });
  afterEach(async () => {
    await proxy.close();
    await ses.close();
  });

  function transport(failureMode?: 'open' | 'closed') {
    const checker = new SuppressionChecker({ tableName, client: localDocumentClient(proxy.endpoint, 1), maxAttempts: 1 });
    return nodemailer.createTransport({ SES: guardedSes({ checker, sesClient: ses.client(), ...(failureMode ? { failureMode } : {}) }) });
  }

  it('checks To, Cc and Bcc in one batch, drops the suppressed ones and names the configuration set', async () => {
    // Prepare
    await seed(tableName, recipientEvent('bounced@example.com'), recipientEvent('complained@example.com'), softEvent('soft@example.com'));

    // Act
    const info = await transport().sendMail({
      from: 'shop@example.com',
      to: ['Jane <jane@example.com>', 'bounced@example.com'],
      cc: 'soft@example.com',
      bcc: 'complained@example.com',
      subject: 'Your order',
      text: 'Shipped.',
    });

    // Assess
    const [sent] = ses.sentEmails();
    expect(sent).toMatchObject({ ConfigurationSetName: 'txn-mail', Destination: { ToAddresses: ['jane@example.com', 'soft@example.com'] } });
    expect(proxy.count('BatchGetItem')).toBe(1);
    expect(info.messageId).toMatch(/@email\.amazonses\.com>$/);
    // The raw message is nodemailer's; the Bcc is not in it, as nodemailer never writes it.
    const content = sent?.Content as { Raw: { Data: string } } | undefined;
    const raw = Buffer.from(String(content?.Raw.Data), 'base64').toString('utf8');
    expect(raw).toContain('Subject: Your order');
    expect(raw).not.toContain('complained@example.com');
  });

  it('refuses when every recipient is suppressed: a clear error, nothing sent', async () => {
    // Prepare
    await seed(tableName, recipientEvent('bounced@example.com'), recipientEvent('complained@example.com'));

    // Act
    const sending = transport().sendMail({ from: 'shop@example.com', to: 'bounced@example.com', bcc: 'complained@example.com', subject: 's', text: 't' });

    // Assess
    await expect(sending).rejects.toBeInstanceOf(AllRecipientsSuppressedError);
    await expect(sending).rejects.toMatchObject({
      message: expect.stringContaining('every recipient is suppressed or invalid'),
      skipped: [
        expect.objectContaining({ address: 'bounced@example.com', reason: 'suppressed' }),
        expect.objectContaining({ address: 'complained@example.com', reason: 'suppressed' }),
      ],
    });
    expect(ses.sentEmails()).toEqual([]);
  });

  it('refuses while the table cannot be read (closed mode), nothing sent; open mode sends unchecked', async () => {
    // Prepare
    proxy.fail('BatchGetItem');
    const mail = { from: 'shop@example.com', to: 'jane@example.com', subject: 's', text: 't' };

    // Act
    const closed = transport().sendMail(mail);
    await expect(closed).rejects.toBeInstanceOf(SendRefusedError);
    const sentWhileClosed = ses.sentEmails().length;
    await transport('open').sendMail(mail);

    // Assess
    expect(sentWhileClosed).toBe(0);
    expect(ses.sentEmails()).toEqual([expect.objectContaining({ ConfigurationSetName: 'txn-mail', Destination: { ToAddresses: ['jane@example.com'] } })]);
  });
});
