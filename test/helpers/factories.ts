import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SNSEvent, SQSEvent } from 'aws-lambda';

const FIXTURES = join(__dirname, '..', 'fixtures');

/** A fixture file, parsed. */
function fixture<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')) as T;
}

/** The SES fixture names, both formats. */
const SES_FIXTURES = [
  'eventpub-bounce.json',
  'eventpub-complaint.json',
  'eventpub-delivery.json',
  'eventpub-deliverydelay.json',
  'identity-notification-bounce-no-dsn.json',
  'identity-notification-bounce-with-dsn.json',
  'identity-notification-complaint-no-feedback.json',
  'identity-notification-complaint-with-feedback.json',
] as const;

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:ses-bounce-guard-events';

let sequence = 0;

/** An SES event-publishing bounce for the given recipients; every call gets a new feedback id. */
function sesBounce(
  recipients: readonly (string | Record<string, unknown>)[],
  options: { bounceType?: string; bounceSubType?: string; timestamp?: string; feedbackId?: string; messageId?: string; tenant?: string } = {},
): Record<string, unknown> {
  const base = fixture('ses/eventpub-bounce.json');
  const bounce = base.bounce as Record<string, unknown>;
  sequence++;
  return {
    ...base,
    bounce: {
      ...bounce,
      bounceType: options.bounceType ?? 'Permanent',
      bounceSubType: options.bounceSubType ?? 'General',
      timestamp: options.timestamp ?? bounce.timestamp,
      feedbackId: options.feedbackId ?? `feedback-${sequence}-${Date.now()}`,
      bouncedRecipients: recipients.map((r) =>
        typeof r === 'string' ? { emailAddress: r, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' } : r,
      ),
    },
    mail: withTenant({ ...(base.mail as object), messageId: options.messageId ?? `message-${sequence}` }, options.tenant),
  };
}

/** The mail object with SES's `ses:tenant-name` tag added, as SES tags a tenanted send's events. */
function withTenant(mail: Record<string, unknown>, tenant: string | undefined): Record<string, unknown> {
  if (tenant === undefined) return mail;
  return { ...mail, tags: { ...(mail.tags as object | undefined), 'ses:tenant-name': [tenant] } };
}

/** An SES event-publishing complaint; `feedbackType` undefined leaves the field out. */
function sesComplaint(
  recipients: readonly string[],
  options: { feedbackType?: string; timestamp?: string; feedbackId?: string; tenant?: string } = {},
): Record<string, unknown> {
  const base = fixture('ses/eventpub-complaint.json');
  const { complaintFeedbackType: _omit, ...complaint } = base.complaint as Record<string, unknown>;
  sequence++;
  return {
    ...base,
    complaint: {
      ...complaint,
      ...(options.feedbackType === undefined ? {} : { complaintFeedbackType: options.feedbackType }),
      timestamp: options.timestamp ?? complaint.timestamp,
      feedbackId: options.feedbackId ?? `complaint-${sequence}-${Date.now()}`,
      complainedRecipients: recipients.map((emailAddress) => ({ emailAddress })),
    },
    mail: withTenant({ ...(base.mail as object), messageId: `message-${sequence}` }, options.tenant),
  };
}

/** An SNS envelope (HTTP/SQS shape) carrying `message` as its JSON string. Unsigned. */
function snsEnvelope(message: unknown, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence++;
  return {
    Type: 'Notification',
    MessageId: `sns-${sequence}-${Date.now()}`,
    TopicArn: TOPIC_ARN,
    Message: typeof message === 'string' ? message : JSON.stringify(message),
    Timestamp: '2017-08-05T00:41:03.000Z',
    SignatureVersion: '1',
    Signature: 'unsigned',
    SigningCertURL: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000000000000000000000000000000a.pem',
    UnsubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
    ...overrides,
  };
}

/** The Lambda SNS event delivering these envelopes (`SigningCertUrl` spelling). */
function snsEvent(...envelopes: Record<string, unknown>[]): SNSEvent {
  const template = fixture<SNSEvent>('sns/lambda-sns-event.json').Records[0]!;
  return {
    Records: envelopes.map((envelope) => {
      const { SigningCertURL, UnsubscribeURL, ...rest } = envelope;
      return {
        ...template,
        Sns: {
          ...template.Sns,
          Subject: null as unknown as string,
          MessageAttributes: {},
          ...rest,
          SigningCertUrl: SigningCertURL,
          UnsubscribeUrl: UnsubscribeURL,
        } as SNSEvent['Records'][0]['Sns'],
      };
    }),
  };
}

/** The Lambda SQS event whose bodies are these envelopes (raw delivery off). */
function sqsEvent(...bodies: (Record<string, unknown> | string)[]): SQSEvent {
  const template = fixture<SQSEvent>('sns/sqs-event-with-sns-body.json').Records[0]!;
  return {
    Records: bodies.map((body, i) => ({
      ...template,
      messageId: `sqs-${i}-${typeof body === 'string' ? 'raw' : String(body.MessageId)}`,
      body: typeof body === 'string' ? body : JSON.stringify(body, null, 2),
    })),
  };
}

export { fixture, SES_FIXTURES, sesBounce, sesComplaint, snsEnvelope, snsEvent, sqsEvent, TOPIC_ARN };
