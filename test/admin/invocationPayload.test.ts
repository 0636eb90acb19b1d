import { describe, expect, it } from 'vitest';
import { invocationPayload } from '../../src/admin/invocationPayload';
import { envelopeFromSnsRecord } from '../../src/receiver/envelope';
import { sesBounce, snsEnvelope, snsEvent } from '../helpers/factories';

describe('Function: invocationPayload', () => {
  it('returns the requestPayload of a Lambda invocation record unchanged', () => {
    // Prepare
    const event = snsEvent(snsEnvelope(sesBounce(['a@example.com'])));

    // Act
    const result = invocationPayload(JSON.stringify({ requestContext: { condition: 'RetriesExhausted' }, requestPayload: event, responsePayload: null }));

    // Assess
    expect(result).toEqual({ ok: true, payload: JSON.stringify(event) });
  });

  it('wraps an SNS envelope in the SNS event Lambda receives, which the handler turns back into the same envelope', () => {
    // Prepare
    const envelope = snsEnvelope(sesBounce(['a@example.com']));

    // Act
    const result = invocationPayload(JSON.stringify(envelope));

    // Assess
    expect(result.ok).toBe(true);
    const event = JSON.parse((result as { payload: string }).payload);
    expect(event.Records).toHaveLength(1);
    expect(event.Records[0].EventSource).toBe('aws:sns');
    expect(envelopeFromSnsRecord(event.Records[0].Sns)).toEqual(envelope);
  });

  it.each([
    ['not json', 'body is not JSON'],
    ['[1,2]', 'body is not a JSON object'],
    ['{"requestPayload":{"nothing":1}}', 'invocation record whose requestPayload is not an event with Records'],
    ['{"requestPayload":{"Records":[]}}', 'invocation record whose requestPayload is not an event with Records'],
    ['{"Type":"Notification","MessageId":"m"}', 'neither a Lambda invocation record nor an SNS envelope'],
  ])('refuses %j: %s', (body, reason) => {
    // Act
    const result = invocationPayload(body);

    // Assess
    expect(result).toEqual({ ok: false, reason });
  });
});
