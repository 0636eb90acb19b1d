import type { SNSEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';

const BENCH_TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:bench';

/** Makes the handler under test, writing to `tableName` at `endpoint`. */
type BenchHandlerFactory = (tableName: string, endpoint: string) => (event: SNSEvent | SQSEvent) => Promise<SQSBatchResponse | void>;

/** An SES event-publishing Permanent bounce for these recipients. */
function sesBounceEvent(recipients: readonly string[], feedbackId: string, timestamp = '2026-11-01T00:00:00.000Z'): Record<string, unknown> {
  return {
    eventType: 'Bounce',
    bounce: {
      bounceType: 'Permanent',
      bounceSubType: 'General',
      bouncedRecipients: recipients.map((emailAddress) => ({ emailAddress, action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' })),
      timestamp,
      feedbackId,
      reportingMTA: 'dsn; mta.example.com',
    },
    mail: {
      timestamp,
      source: 'sender@example.com',
      sendingAccountId: '123456789012',
      messageId: `message-${feedbackId}`,
      destination: recipients,
      tags: { 'ses:configuration-set': ['txn-mail'] },
    },
  };
}

/** `count` SNS events, one notification each, of `recipients` distinct addresses each. */
function notificationBatch(count: number, recipients: number, tag: string): SNSEvent[] {
  return Array.from({ length: count }, (_, n) => {
    const addresses = Array.from({ length: recipients }, (_, r) => `user${n * recipients + r}@example.com`);
    return snsEventOf(sesBounceEvent(addresses, `${tag}-fid-${n}`), `${tag}-sns-${n}`);
  });
}

function snsEventOf(message: unknown, messageId: string): SNSEvent {
  return {
    Records: [
      {
        EventVersion: '1.0',
        EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:bench:sub',
        EventSource: 'aws:sns',
        Sns: {
          Type: 'Notification',
          MessageId: messageId,
          TopicArn: BENCH_TOPIC_ARN,
          Subject: '',
          Message: JSON.stringify(message),
          Timestamp: '2026-11-01T00:00:01.000Z',
          SignatureVersion: '1',
          Signature: '',
          SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem',
          UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
          MessageAttributes: {},
        },
      },
    ],
  };
}

export { BENCH_TOPIC_ARN, notificationBatch, sesBounceEvent, snsEventOf };
export type { BenchHandlerFactory };
