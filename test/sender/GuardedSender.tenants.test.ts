import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SuppressionReason, SuppressionStatus } from '../../src/domain/constants';
import { InvalidTenantError } from '../../src/sender/errors';
import { GuardedSender } from '../../src/sender/GuardedSender';
import { SuppressionChecker } from '../../src/sender/SuppressionChecker';
import { recipientEvent, seed } from '../helpers/records';
import type { SesStub } from '../helpers/sesStub';
import { startSesStub } from '../helpers/sesStub';
import { createSuppressionTable, localDocumentClient } from '../helpers/table';

const CONTENT = { Simple: { Subject: { Data: 'Your order' }, Body: { Text: { Data: 'Shipped.' } } } };

/** A complaint about tenant A's mail, as decide() scopes it by default: soft for the account. */
const complaintForA = (email: string) =>
  recipientEvent(email, {
    status: SuppressionStatus.SOFT,
    reason: SuppressionReason.COMPLAINT,
    bounceType: undefined,
    bounceSubType: undefined,
    tenant: 'tenant-a',
  });

describe('Class: GuardedSender, with SES tenants', () => {
  let tableName: string;
  let ses: SesStub;
  let sender: GuardedSender;

  beforeEach(async () => {
    tableName = await createSuppressionTable();
    ses = await startSesStub();
    sender = new GuardedSender({ checker: new SuppressionChecker({ tableName, client: localDocumentClient() }), ses: ses.client() });
    await seed(tableName, complaintForA('complained@example.com'), recipientEvent('dead@example.com'));
  });

  afterEach(async () => {
    await ses.close();
  });

  const to = { ToAddresses: ['complained@example.com', 'dead@example.com', 'jane@example.com'] };

  it("drops, for tenant A's send, the address suppressed for A and the one suppressed account-wide, and passes TenantName to SES", async () => {
    // Act
    const result = await sender.send({ Destination: to, Content: CONTENT, TenantName: 'tenant-a' });

    // Assess
    expect(result.sent.to).toEqual(['jane@example.com']);
    expect(result.skipped.map((s) => [s.address, s.reason])).toEqual([
      ['complained@example.com', 'suppressed'],
      ['dead@example.com', 'suppressed'],
    ]);
    expect(ses.sentEmails()[0]).toMatchObject({ TenantName: 'tenant-a', Destination: { ToAddresses: ['jane@example.com'] } });
  });

  it("sends tenant B's mail to the address tenant A's complaint suppressed", async () => {
    // Act
    const result = await sender.send({ Destination: to, Content: CONTENT, TenantName: 'tenant-b' });

    // Assess
    expect(result.sent.to).toEqual(['complained@example.com', 'jane@example.com']);
    expect(ses.sentEmails()[0]?.TenantName).toBe('tenant-b');
  });

  it('sends mail for no tenant to the address only tenant A suppressed, and sends no TenantName', async () => {
    // Act
    const result = await sender.send({ Destination: to, Content: CONTENT });

    // Assess
    expect(result.sent.to).toEqual(['complained@example.com', 'jane@example.com']);
    expect(ses.sentEmails()[0]).not.toHaveProperty('TenantName');
  });

  it('checks for the sbg-tenant message tag when the send names no SES tenant', async () => {
    // Act
    const result = await sender.send({ Destination: to, Content: CONTENT, EmailTags: [{ Name: 'sbg-tenant', Value: 'tenant-a' }] });

    // Assess
    expect(result.sent.to).toEqual(['jane@example.com']);
    expect(ses.sentEmails()[0]?.EmailTags).toEqual([{ Name: 'sbg-tenant', Value: 'tenant-a' }]);
  });

  it('refuses a TenantName that is no SES tenant name, sending nothing', async () => {
    // Act
    const sending = sender.send({ Destination: to, Content: CONTENT, TenantName: 'tenant a' });

    // Assess
    await expect(sending).rejects.toThrow(InvalidTenantError);
    expect(ses.requests).toHaveLength(0);
  });
});
