import { normalizeAddress } from './address';
import { MAX_DIAGNOSTIC_LENGTH, ON_TENANT_SUPPRESSION_LIST, SuppressionReason, SuppressionScope, SuppressionStatus } from './constants';
import { DEFAULT_POLICY, DEFAULT_SCOPES, PERMANENT_DSN_STATUSES, type SuppressionPolicy } from './policy';
import type { ReportedRecipient, SesBounce, SesComplaint } from './sesEvent';
import type { RecipientEvent } from './types';

/** What the decision table makes of one bounce or complaint notification. */
interface Decision {
  /** One event per valid recipient, each to be written once. */
  readonly events: RecipientEvent[];
  /** Recipients with no usable address, as SES reported them (log them masked). */
  readonly invalidRecipients: unknown[];
}

/**
 * Applies the decision table (docs/architecture.md) to every recipient of a notification:
 *
 * | SES event | action |
 * | --- | --- |
 * | Bounce `Permanent` (any subtype), `Undetermined`, or a type SES may add later | suppress, reason `bounce` |
 * | Bounce `Transient` | soft record, reason `transient_bounce` (see `SuppressionPolicy` for escalation and the DSN override) |
 * | Complaint, feedback type absent or anything but `not-spam` | suppress, reason `complaint` |
 * | Complaint `not-spam` | soft record, reason `not_spam_complaint` |
 *
 * Unknown bounce types suppress: wrongly keeping a dead address costs reputation, wrongly
 * suppressing one costs a mail that an operator can release.
 *
 * A suppression of a tenanted send (the event names an SES tenant) is scoped by the policy
 * (`bounceScope`, `complaintScope`, `tenantListScope`): scoped to the tenant, the event is `soft`
 * for the account and names the tenant it suppresses the address for (see docs/tenants.md). An
 * event with no tenant is decided as if tenants did not exist.
 */
function decide(event: SesBounce | SesComplaint, policy: SuppressionPolicy = DEFAULT_POLICY): Decision {
  const events: RecipientEvent[] = [];
  const invalidRecipients: unknown[] = [];
  const seen = new Set<string>();
  for (const recipient of event.recipients) {
    const email = normalizeAddress(recipient.emailAddress);
    if (email === undefined) {
      invalidRecipients.push(recipient.emailAddress);
      continue;
    }
    // The same address twice in one notification is one event, not two.
    if (seen.has(email)) continue;
    seen.add(email);
    const outcome = scoped(event, event.kind === 'bounce' ? bounceOutcome(event, recipient, policy) : complaintOutcome(event), policy);
    events.push({
      email,
      feedbackId: event.feedbackId,
      eventAt: event.eventAt,
      messageId: event.messageId,
      source: event.source,
      ...outcome,
      ...recipientDetails(recipient),
    });
  }
  return { events, invalidRecipients };
}

type Outcome = Pick<RecipientEvent, 'status' | 'reason' | 'bounceType' | 'bounceSubType' | 'complaintFeedbackType' | 'tenant'>;

/**
 * The outcome with the policy's scope applied: a suppression of a tenanted send, scoped to its
 * tenant, becomes `soft` for the account and names the tenant. Soft outcomes and escalations
 * (evidence about the mailbox, not about a tenant's mail) stay account-wide.
 */
function scoped(event: SesBounce | SesComplaint, outcome: Outcome, policy: SuppressionPolicy): Outcome {
  if (event.tenant === undefined || outcome.status !== SuppressionStatus.SUPPRESSED) return outcome;
  let scope: SuppressionScope | undefined;
  if (outcome.reason === SuppressionReason.COMPLAINT) scope = policy.complaintScope ?? DEFAULT_SCOPES.complaintScope;
  else if (outcome.reason === SuppressionReason.BOUNCE && outcome.bounceSubType === ON_TENANT_SUPPRESSION_LIST) {
    scope = policy.tenantListScope ?? DEFAULT_SCOPES.tenantListScope;
  } else if (outcome.reason === SuppressionReason.BOUNCE) scope = policy.bounceScope ?? DEFAULT_SCOPES.bounceScope;
  return scope === SuppressionScope.TENANT ? { ...outcome, status: SuppressionStatus.SOFT, tenant: event.tenant } : outcome;
}

function bounceOutcome(bounce: SesBounce, recipient: ReportedRecipient, policy: SuppressionPolicy): Outcome {
  const deadMailbox = policy.dsnOverride && recipient.status !== undefined && PERMANENT_DSN_STATUSES.has(recipient.status);
  const soft = bounce.bounceType === 'Transient' && !deadMailbox;
  // A threshold of one needs no history: the bounce itself reaches it.
  const escalates = soft && policy.softBounceThreshold === 1;
  return {
    status: soft && !escalates ? SuppressionStatus.SOFT : SuppressionStatus.SUPPRESSED,
    reason: escalates ? SuppressionReason.SOFT_BOUNCE_THRESHOLD : soft ? SuppressionReason.TRANSIENT_BOUNCE : SuppressionReason.BOUNCE,
    bounceType: bounce.bounceType,
    bounceSubType: bounce.bounceSubType,
  };
}

function complaintOutcome(complaint: SesComplaint): Outcome {
  const notSpam = complaint.complaintFeedbackType?.toLowerCase() === 'not-spam';
  return {
    status: notSpam ? SuppressionStatus.SOFT : SuppressionStatus.SUPPRESSED,
    reason: notSpam ? SuppressionReason.NOT_SPAM_COMPLAINT : SuppressionReason.COMPLAINT,
    complaintFeedbackType: complaint.complaintFeedbackType,
  };
}

function recipientDetails(recipient: ReportedRecipient): Pick<RecipientEvent, 'dsnStatus' | 'diagnosticCode'> {
  return {
    dsnStatus: recipient.status,
    diagnosticCode: recipient.diagnosticCode?.slice(0, MAX_DIAGNOSTIC_LENGTH),
  };
}

export type { Decision };
export { decide };
