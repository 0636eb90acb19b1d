import { RecordSource, SES_TENANT_TAG, TENANT_MESSAGE_TAG } from './constants';
import { MalformedMessageError } from './errors';

/** One recipient as SES reports it; the address is not yet validated. */
interface ReportedRecipient {
  readonly emailAddress: unknown;
  readonly status?: string;
  readonly diagnosticCode?: string;
}

interface SesFeedbackBase {
  readonly source: RecordSource;
  readonly feedbackId: string;
  readonly eventAt: string;
  /** `mail.timestamp` (when SES accepted the mail), when it is a readable time. */
  readonly mailAt?: string;
  readonly messageId: string;
  /** `mail.tags["ses:configuration-set"][0]`, when SES sent it. */
  readonly configurationSet?: string;
  /**
   * The SES tenant of the send: `mail.tags["ses:tenant-name"][0]`, which SES adds to tenanted
   * sends, or else the sender's own message tag `sbg-tenant` (`TENANT_MESSAGE_TAG`).
   */
  readonly tenant?: string;
  readonly recipients: readonly ReportedRecipient[];
}

interface SesBounce extends SesFeedbackBase {
  readonly kind: 'bounce';
  readonly bounceType: string;
  readonly bounceSubType?: string;
}

interface SesComplaint extends SesFeedbackBase {
  readonly kind: 'complaint';
  readonly complaintFeedbackType?: string;
}

/** Any event type the decision table does not act on (Delivery, Send, Open, ...). */
interface SesIgnored {
  readonly kind: 'ignored';
  readonly type: string;
}

type SesEvent = SesBounce | SesComplaint | SesIgnored;

/**
 * Reads an SES event, in either format (configuration-set event publishing: `eventType`; identity
 * notifications: `notificationType`), into the few fields the decision needs. Unknown fields are
 * ignored, so SES may add fields freely.
 *
 * @param value - the SNS envelope's `Message`, already parsed once more from its JSON string
 * @throws MalformedMessageError naming the first field that is missing or of the wrong type
 */
function parseSesEvent(value: unknown): SesEvent {
  const event = asObject(value, 'SES event');
  const source = 'eventType' in event ? RecordSource.EVENT_PUBLISHING : RecordSource.IDENTITY_NOTIFICATION;
  const type = event.eventType ?? event.notificationType;
  if (typeof type !== 'string') throw new MalformedMessageError('SES event has neither eventType nor notificationType');
  if (type !== 'Bounce' && type !== 'Complaint') return { kind: 'ignored', type };

  const mail = asObject(event.mail, 'mail');
  if (type === 'Bounce') {
    const bounce = asObject(event.bounce, 'bounce');
    return {
      kind: 'bounce',
      ...common(source, bounce, mail, 'bounce.bouncedRecipients', bounce.bouncedRecipients),
      bounceType: requiredString(bounce.bounceType, 'bounce.bounceType'),
      bounceSubType: optionalString(bounce.bounceSubType),
    };
  }
  const complaint = asObject(event.complaint, 'complaint');
  return {
    kind: 'complaint',
    ...common(source, complaint, mail, 'complaint.complainedRecipients', complaint.complainedRecipients),
    complaintFeedbackType: optionalString(complaint.complaintFeedbackType),
  };
}

function common(
  source: RecordSource,
  feedback: Record<string, unknown>,
  mail: Record<string, unknown>,
  recipientsField: string,
  recipients: unknown,
): SesFeedbackBase {
  const kind = recipientsField.split('.')[0];
  return {
    source,
    feedbackId: requiredString(feedback.feedbackId, `${kind}.feedbackId`),
    eventAt: timestamp(feedback.timestamp ?? mail.timestamp, `${kind}.timestamp`),
    ...(typeof mail.timestamp === 'string' && !Number.isNaN(Date.parse(mail.timestamp)) ? { mailAt: mail.timestamp } : {}),
    messageId: requiredString(mail.messageId, 'mail.messageId'),
    configurationSet: firstTag(mail.tags, 'ses:configuration-set'),
    ...tenantOf(mail.tags),
    recipients: recipientList(recipients, recipientsField),
  };
}

function recipientList(value: unknown, field: string): ReportedRecipient[] {
  if (!Array.isArray(value)) throw new MalformedMessageError(`${field} is not an array`);
  if (value.length === 0) throw new MalformedMessageError(`${field} is empty`);
  // A recipient that is not even an object is kept with no address, so that it is reported as
  // invalid while its siblings are still processed.
  return value.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return { emailAddress: entry };
    const recipient = entry as Record<string, unknown>;
    return {
      emailAddress: recipient.emailAddress,
      status: optionalString(recipient.status),
      diagnosticCode: optionalString(recipient.diagnosticCode),
    };
  });
}

/** The first value of a tag in `mail.tags` (each tag is a list of strings), if any. */
function firstTag(tags: unknown, name: string): string | undefined {
  if (typeof tags !== 'object' || tags === null) return undefined;
  const values = (tags as Record<string, unknown>)[name];
  return Array.isArray(values) && typeof values[0] === 'string' && values[0] !== '' ? values[0] : undefined;
}

/**
 * SES's own tenant tag wins over the sender's: SES sets it from the `TenantName` of the send
 * (https://docs.aws.amazon.com/ses/latest/dg/tenants.html), the message tag is only the sender's
 * word, for sends that name no SES tenant.
 */
function tenantOf(tags: unknown): { tenant?: string } {
  const tenant = firstTag(tags, SES_TENANT_TAG) ?? firstTag(tags, TENANT_MESSAGE_TAG);
  return tenant === undefined ? {} : { tenant };
}

function timestamp(value: unknown, field: string): string {
  const text = requiredString(value, field);
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new MalformedMessageError(`${field} is not a timestamp`);
  // One canonical form, so that times compare as strings inside DynamoDB conditions.
  return new Date(time).toISOString();
}

function asObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedMessageError(`${field} is not an object`);
  }
  return value as Record<string, unknown>;
}

function requiredString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new MalformedMessageError(`${field} is missing or not a string`);
  return value;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export type { ReportedRecipient, SesBounce, SesComplaint, SesEvent, SesIgnored };
export { parseSesEvent };
