import { randomUUID } from 'node:crypto';
import type { SNSEvent, SNSMessage, SQSEvent } from 'aws-lambda';

/**
 * An unsigned SNS notification (HTTP/SQS shape) carrying an SES event as SNS does: the event as a
 * JSON string in `Message`, or a string as it is (SES's plain-text setup notice). Sign it with a
 * `SigningAuthority`.
 */
function snsEnvelopeFor(sesEvent: unknown, topicArn: string, messageId: string = randomUUID()): Record<string, unknown> {
  const region = topicArn.split(':')[3] ?? 'us-east-1';
  return {
    Type: 'Notification',
    MessageId: messageId,
    TopicArn: topicArn,
    Message: typeof sesEvent === 'string' ? sesEvent : JSON.stringify(sesEvent),
    Timestamp: new Date().toISOString(),
    SignatureVersion: '1',
    UnsubscribeURL: `https://sns.${region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topicArn}:local`,
  };
}

/** The Lambda SNS event that delivers an envelope (`SigningCertUrl`/`UnsubscribeUrl` spelling). */
function snsEventFor(envelope: Record<string, unknown>): SNSEvent {
  const { SigningCertURL, UnsubscribeURL, ...rest } = envelope;
  const sns = { Subject: null, MessageAttributes: {}, ...rest, SigningCertUrl: SigningCertURL, UnsubscribeUrl: UnsubscribeURL };
  return {
    Records: [
      {
        EventVersion: '1.0',
        EventSubscriptionArn: `${String(envelope.TopicArn)}:local-subscription`,
        EventSource: 'aws:sns',
        Sns: sns as unknown as SNSMessage,
      },
    ],
  };
}

/** The Lambda SQS event whose body is the envelope (SNS -> SQS with raw message delivery off). */
function sqsEventFor(envelope: Record<string, unknown>): SQSEvent {
  const region = String(envelope.TopicArn).split(':')[3] ?? 'us-east-1';
  return {
    Records: [
      {
        messageId: randomUUID(),
        receiptHandle: 'local',
        body: JSON.stringify(envelope, null, 2),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(Date.now()),
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:${region}:000000000000:ses-bounce-guard-local`,
        awsRegion: region,
      },
    ],
  };
}

export { snsEnvelopeFor, snsEventFor, sqsEventFor };
