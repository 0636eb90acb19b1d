import { describe, expect, it } from 'vitest';
import { decide } from '../../src/domain/decide';
import { DEFAULT_POLICY, policyProblems, type SuppressionPolicy } from '../../src/domain/policy';
import { parseSesEvent } from '../../src/domain/sesEvent';
import { sesBounce, sesComplaint } from '../helpers/factories';

function decideOn(value: Record<string, unknown>, policy: SuppressionPolicy = DEFAULT_POLICY) {
  const event = parseSesEvent(value);
  if (event.kind === 'ignored') throw new Error('ignored');
  return decide(event, policy).events;
}

/** The same SES event with its tags replaced. */
function tagged(value: Record<string, unknown>, tags: Record<string, unknown>): Record<string, unknown> {
  return { ...value, mail: { ...(value.mail as object), tags } };
}

describe('Function: decide, for tenanted sends', () => {
  it('suppresses a complaint for its tenant only: soft for the account, naming the tenant', () => {
    // Act
    const [event] = decideOn(sesComplaint(['a@example.com'], { feedbackType: 'abuse', tenant: 'tenant-a' }));

    // Assess
    expect(event).toMatchObject({ status: 'soft', reason: 'complaint', tenant: 'tenant-a' });
  });

  it('suppresses a hard bounce for every tenant (the mailbox is dead)', () => {
    // Act
    const [permanent] = decideOn(sesBounce(['a@example.com'], { tenant: 'tenant-a' }));
    const [undetermined] = decideOn(sesBounce(['a@example.com'], { bounceType: 'Undetermined', bounceSubType: 'Undetermined', tenant: 'tenant-a' }));

    // Assess
    expect(permanent).toMatchObject({ status: 'suppressed', reason: 'bounce' });
    expect(permanent).not.toHaveProperty('tenant');
    expect(undetermined).toMatchObject({ status: 'suppressed', reason: 'bounce' });
    expect(undetermined?.tenant).toBeUndefined();
  });

  it("records an OnTenantSuppressionList bounce for that tenant (SES refused the send: the tenant's list holds the address)", () => {
    // Act
    const [event] = decideOn(sesBounce(['a@example.com'], { bounceSubType: 'OnTenantSuppressionList', tenant: 'tenant-a' }));

    // Assess
    expect(event).toMatchObject({ status: 'soft', reason: 'bounce', bounceSubType: 'OnTenantSuppressionList', tenant: 'tenant-a' });
  });

  it('keeps soft outcomes account-wide: a transient bounce or a not-spam complaint names no tenant', () => {
    // Act
    const [transient] = decideOn(sesBounce(['a@example.com'], { bounceType: 'Transient', bounceSubType: 'MailboxFull', tenant: 'tenant-a' }));
    const [notSpam] = decideOn(sesComplaint(['a@example.com'], { feedbackType: 'not-spam', tenant: 'tenant-a' }));

    // Assess
    expect(transient).toMatchObject({ status: 'soft', reason: 'transient_bounce' });
    expect(transient?.tenant).toBeUndefined();
    expect(notSpam).toMatchObject({ status: 'soft', reason: 'not_spam_complaint' });
    expect(notSpam?.tenant).toBeUndefined();
  });

  it('decides an event with no tenant exactly as before tenants existed, whatever the scopes', () => {
    // Prepare
    const allTenant: SuppressionPolicy = { ...DEFAULT_POLICY, bounceScope: 'tenant', complaintScope: 'tenant', tenantListScope: 'tenant' };
    const complaint = sesComplaint(['a@example.com'], { feedbackType: 'abuse' });
    const bounce = sesBounce(['a@example.com']);

    // Act / Assess
    expect(decideOn(complaint, allTenant)).toEqual(decideOn(complaint));
    expect(decideOn(complaint)[0]).toMatchObject({ status: 'suppressed', reason: 'complaint' });
    expect(decideOn(bounce, allTenant)[0]).toMatchObject({ status: 'suppressed', reason: 'bounce' });
    expect(decideOn(bounce, allTenant)[0]).not.toHaveProperty('tenant');
  });

  it('follows the scope the policy sets per reason', () => {
    // Prepare
    const flipped: SuppressionPolicy = { ...DEFAULT_POLICY, bounceScope: 'tenant', complaintScope: 'account', tenantListScope: 'account' };

    // Act
    const [bounce] = decideOn(sesBounce(['a@example.com'], { tenant: 'tenant-a' }), flipped);
    const [complaint] = decideOn(sesComplaint(['a@example.com'], { feedbackType: 'abuse', tenant: 'tenant-a' }), flipped);
    const [listed] = decideOn(sesBounce(['a@example.com'], { bounceSubType: 'OnTenantSuppressionList', tenant: 'tenant-a' }), flipped);

    // Assess
    expect(bounce).toMatchObject({ status: 'soft', reason: 'bounce', tenant: 'tenant-a' });
    expect(complaint).toMatchObject({ status: 'suppressed', reason: 'complaint' });
    expect(complaint?.tenant).toBeUndefined();
    expect(listed).toMatchObject({ status: 'suppressed', reason: 'bounce' });
  });

  it("takes the tenant from SES's ses:tenant-name, else from the sender's sbg-tenant message tag", () => {
    // Prepare
    const complaint = sesComplaint(['a@example.com'], { feedbackType: 'abuse' });

    // Act
    const fromSes = decideOn(tagged(complaint, { 'ses:tenant-name': ['from-ses'], 'sbg-tenant': ['from-sender'] }));
    const fromTag = decideOn(tagged(complaint, { 'ses:configuration-set': ['ConfigSet'], 'sbg-tenant': ['from-sender'] }));
    const oddTags = decideOn(tagged(complaint, { 'ses:tenant-name': 'not-a-list', 'sbg-tenant': [''] }));

    // Assess
    expect(fromSes[0]?.tenant).toBe('from-ses');
    expect(fromTag[0]?.tenant).toBe('from-sender');
    // A tag that is not a list of names is no tenant: the complaint is account-wide, as before.
    expect(oddTags[0]).toMatchObject({ status: 'suppressed', reason: 'complaint' });
    expect(oddTags[0]?.tenant).toBeUndefined();
  });

  it('reports a scope that is neither account nor tenant as a policy problem', () => {
    // Act
    const problems = policyProblems({ ...DEFAULT_POLICY, complaintScope: 'tenants' as never });

    // Assess
    expect(problems).toEqual(["complaintScope must be 'account' or 'tenant', got tenants"]);
  });
});
