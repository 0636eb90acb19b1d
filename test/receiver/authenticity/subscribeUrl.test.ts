import { describe, expect, it } from 'vitest';
import { subscribeUrl } from '../../../src/receiver/authenticity/subscribeUrl';

const TOPIC = 'arn:aws:sns:us-west-2:123456789012:MyTopic';
const VALID = `https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=2336412f37`;

describe('Function: subscribeUrl', () => {
  it('accepts the SubscribeURL of the AWS documentation', () => {
    // Act
    const result = subscribeUrl(VALID, TOPIC);

    // Assess
    expect(result).toEqual({ href: VALID });
  });

  it.each([
    ['missing', undefined, /is missing/],
    ['http', VALID.replace('https:', 'http:'), /is not https/],
    ['a foreign host', VALID.replace('sns.us-west-2.amazonaws.com', 'evil.com'), /not on an SNS host/],
    ['a lookalike host', VALID.replace('amazonaws.com', 'amazonaws.com.evil.com'), /not on an SNS host/],
    ['user info', VALID.replace('https://', 'https://sns.us-west-2.amazonaws.com@'), /user info/],
    ['a port', VALID.replace('amazonaws.com/', 'amazonaws.com:4443/'), /has a port/],
    ['another path', VALID.replace('.com/?', '.com/confirm?'), /API path/],
    ['no action', `https://sns.us-west-2.amazonaws.com/?TopicArn=${TOPIC}&Token=1`, /ConfirmSubscription/],
    ['another action', VALID.replace('ConfirmSubscription', 'Unsubscribe'), /ConfirmSubscription/],
    ['two actions', `${VALID}&Action=Unsubscribe`, /ConfirmSubscription/],
    ['another topic', VALID.replace('MyTopic', 'OtherTopic'), /another topic/],
    ['no topic', 'https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&Token=1', /another topic/],
  ])('refuses a SubscribeURL: %s', (_name, raw, problem) => {
    // Act
    const result = subscribeUrl(raw, TOPIC);

    // Assess
    expect(result).toEqual({ problem: expect.stringMatching(problem) });
  });
});
