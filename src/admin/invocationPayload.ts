/** What a dead-lettered message becomes when it is handed to the function again. */
type InvocationPayload = { readonly ok: true; readonly payload: string } | { readonly ok: false; readonly reason: string };

/**
 * The event to invoke the function with again, for the body of a message in one of direct mode's
 * dead-letter queues:
 *
 * - the processing dead-letter queue holds Lambda invocation records (`onFailure` destination):
 *   `{ requestContext, requestPayload, responsePayload, ... }`, whose `requestPayload` is the SNS
 *   event the function failed on; it is sent as it was;
 * - the delivery dead-letter queue holds the SNS envelopes SNS could not deliver: each is wrapped in
 *   the SNS event shape Lambda would have received.
 *
 * Anything else is refused with its reason (and left in the queue by the caller): guessing could
 * hand the function something it would reject, and the message would be lost.
 *
 * @example
 * const result = invocationPayload(message.Body ?? '');
 * if (result.ok) await lambda.send(new InvokeCommand({ FunctionName, InvocationType: 'Event', Payload: result.payload }));
 */
function invocationPayload(body: string): InvocationPayload {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  if (!isObject(value)) return { ok: false, reason: 'body is not a JSON object' };
  if ('requestPayload' in value) {
    const request = value.requestPayload;
    return isObject(request) && Array.isArray(request.Records) && request.Records.length > 0
      ? { ok: true, payload: JSON.stringify(request) }
      : { ok: false, reason: 'invocation record whose requestPayload is not an event with Records' };
  }
  if (isSnsEnvelope(value)) return { ok: true, payload: JSON.stringify(snsEventOf(value)) };
  return { ok: false, reason: 'neither a Lambda invocation record nor an SNS envelope' };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSnsEnvelope(value: Record<string, unknown>): boolean {
  return ['Type', 'MessageId', 'TopicArn', 'Message'].every((field) => typeof value[field] === 'string');
}

/** The SNS → Lambda record spells the two URLs `...Url`; the envelope (HTTP/SQS shape) `...URL`. */
function snsEventOf(envelope: Record<string, unknown>): Record<string, unknown> {
  const { SigningCertURL, UnsubscribeURL, ...rest } = envelope;
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${String(envelope.TopicArn)}:redrive`,
        Sns: { ...rest, SigningCertUrl: SigningCertURL, UnsubscribeUrl: UnsubscribeURL, MessageAttributes: {} },
      },
    ],
  };
}

export type { InvocationPayload };
export { invocationPayload };
