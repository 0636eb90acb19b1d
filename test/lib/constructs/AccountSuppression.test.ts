import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccountSuppression } from '../../../lib/constructs/AccountSuppression';
import { customResourceCalls } from '../../helpers/cdk';

/** The SDK call the custom resource makes on create and update. */
function createCall(template: Template): Record<string, unknown> {
  const [call] = customResourceCalls(template, 'Create');
  return call!;
}

describe('Class: AccountSuppression', () => {
  let template: Template;

  beforeAll(() => {
    const stack = new Stack(new App(), 'Test');
    new AccountSuppression(stack, 'AccountSuppression');
    template = Template.fromStack(stack);
  });

  it("puts BOUNCE and COMPLAINT as the account's suppressed reasons through SES v2", () => {
    // Assess
    expect(createCall(template)).toMatchObject({
      service: 'sesv2',
      action: 'PutAccountSuppressionAttributes',
      parameters: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    template.hasResourceProperties('Custom::AWS', { Update: Match.stringLikeRegexp('PutAccountSuppressionAttributes') });
  });

  it("uses the Lambda runtime's SDK instead of installing the latest one", () => {
    // Assess
    template.hasResourceProperties('Custom::AWS', { InstallLatestAwsSdk: false });
  });

  it('leaves the account setting in place when the stack is deleted', () => {
    // Assess
    template.hasResourceProperties('Custom::AWS', { Delete: Match.absent() });
  });

  it('may call only PutAccountSuppressionAttributes', () => {
    // Assess
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'ses:PutAccountSuppressionAttributes', Resource: '*' }] },
    });
  });

  it('takes other reasons when given', () => {
    // Prepare
    const stack = new Stack(new App(), 'Other');
    new AccountSuppression(stack, 'AccountSuppression', { reasons: ['COMPLAINT'] });

    // Act
    const call = createCall(Template.fromStack(stack));

    // Assess
    expect(call).toMatchObject({ parameters: { SuppressedReasons: ['COMPLAINT'] } });
  });
});
