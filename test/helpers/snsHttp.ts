import { createServer, type RequestListener, type Server } from 'node:http';
import type { SigningAuthority } from '../../local/snsSigningAuthority';
import { snsEnvelope, TOPIC_ARN } from './factories';
import { closeServer } from './loopbackServer';

/** One answer of the endpoint under test. */
interface HttpAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** A loopback HTTP server around a listener, and a client that POSTs as SNS does. */
interface SnsHttpEndpoint {
  readonly url: string;
  /**
   * POSTs an envelope as SNS's HTTP/S delivery does: `text/plain; charset=UTF-8`, the
   * `x-amz-sns-*` headers (https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.prepare.html).
   */
  post(envelope: Record<string, unknown> | string, headers?: Record<string, string>): Promise<HttpAnswer>;
  readonly server: Server;
  close(): Promise<void>;
}

async function startSnsHttpEndpoint(listener: RequestListener, path = '/'): Promise<SnsHttpEndpoint> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  const url = `http://127.0.0.1:${address.port}${path}`;
  return { url, server, post: (envelope, headers) => postAsSns(url, envelope, headers), close: () => closeServer(server) };
}

async function postAsSns(url: string, envelope: Record<string, unknown> | string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const body = typeof envelope === 'string' ? envelope : JSON.stringify(envelope);
  const fields = typeof envelope === 'string' ? {} : envelope;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'text/plain; charset=UTF-8',
      'x-amz-sns-message-type': String(fields.Type ?? 'Notification'),
      'x-amz-sns-message-id': String(fields.MessageId ?? ''),
      'x-amz-sns-topic-arn': String(fields.TopicArn ?? ''),
      'user-agent': 'Amazon Simple Notification Service Agent',
      ...headers,
    },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

/** A signed Notification carrying an SES event, timestamped now. */
function signedNotification(
  authority: SigningAuthority,
  sesEvent: unknown,
  overrides: Record<string, unknown> = {},
  version: '1' | '2' = '1',
): Record<string, unknown> {
  return authority.sign(snsEnvelope(sesEvent, { Timestamp: new Date().toISOString(), ...overrides }), version);
}

/** A signed SubscriptionConfirmation for a topic (ours unless told), with its SubscribeURL. */
function signedConfirmation(authority: SigningAuthority, topicArn: string = TOPIC_ARN): Record<string, unknown> {
  const token = `token-${Date.now()}`;
  const region = topicArn.split(':')[3];
  return authority.sign({
    Type: 'SubscriptionConfirmation',
    MessageId: `confirm-${Date.now()}-${Math.random()}`,
    Token: token,
    TopicArn: topicArn,
    Message: `You have chosen to subscribe to the topic ${topicArn}.`,
    SubscribeURL: `https://sns.${region}.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topicArn)}&Token=${token}`,
    Timestamp: new Date().toISOString(),
  });
}

export type { HttpAnswer, SnsHttpEndpoint };
export { postAsSns, signedConfirmation, signedNotification, startSnsHttpEndpoint };
