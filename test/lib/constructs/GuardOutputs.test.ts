import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DeliveryMode } from '../../../lib/constructs/constants';
import { SesBounceGuard, type SesBounceGuardProps } from '../../../lib/SesBounceGuard';
import { SesBounceGuardStack } from '../../../lib/SesBounceGuardStack';
import { InvalidPropsError } from '../../../lib/validation/InvalidPropsError';
import { REQUIRED_OUTPUTS } from '../../../src/admin/smokeTest/runSmokeTest';

/** A bundling-free app: these tests read the template's outputs, not the handler's code. */
const quietApp = () => new App({ context: { 'aws:cdk:bundling-stacks': [] } });

function outputKeys(id: string, props: SesBounceGuardProps): string[] {
  const stack = new Stack(quietApp(), 'MailStack');
  new SesBounceGuard(stack, id, props);
  return Object.keys(Template.fromStack(stack).findOutputs('*')).sort();
}

describe('Class: GuardOutputs (SesBounceGuard outputs)', () => {
  it('emits no output unless asked for', () => {
    expect(outputKeys('BounceGuard', {})).toEqual([]);
  });

  it('outputs: true keys every output after the construct id, including every one smoke-test reads', () => {
    // Act
    const keys = outputKeys('BounceGuard', { outputs: true });

    // Assess
    expect(keys).toEqual(
      [
        'BounceGuardAlarmTopicArn',
        'BounceGuardChangeEventsFunctionName',
        'BounceGuardConfigurationSetName',
        'BounceGuardDeliveryDeadLetterQueueUrl',
        'BounceGuardEventBusName',
        'BounceGuardHandlerFunctionName',
        'BounceGuardProcessingDeadLetterQueueUrl',
        'BounceGuardTableName',
        'BounceGuardTopicArn',
      ].sort(),
    );
    for (const name of REQUIRED_OUTPUTS) expect(keys).toContain(`BounceGuard${name}`);
  });

  it('two guards in one stack, each with its prefix, and the queue URL in queue mode', () => {
    // Prepare
    const stack = new Stack(quietApp(), 'MailStack');

    // Act
    new SesBounceGuard(stack, 'Staging', {
      outputs: { prefix: 'Stg' },
      configurationSetProps: { configurationSetName: 'stg-mail' },
      suppressionTableProps: { tableName: 'stg-suppressions' },
      accountSuppression: false,
    });
    new SesBounceGuard(stack, 'Prod', { outputs: true, deliveryMode: DeliveryMode.QUEUE, accountSuppression: false });

    // Assess
    const keys = Object.keys(Template.fromStack(stack).findOutputs('*'));
    expect(keys).toContain('StgTableName');
    expect(keys).toContain('ProdTableName');
    expect(keys).toContain('ProdQueueUrl');
    expect(keys).not.toContain('StgQueueUrl');
  });

  it('a construct id that is not alphanumeric without a prefix, or a bad prefix: one InvalidPropsError naming it', () => {
    // Act
    const problems = (id: string, props: SesBounceGuardProps) => {
      try {
        outputKeys(id, props);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidPropsError);
        return (error as InvalidPropsError).problems;
      }
      throw new Error('accepted');
    };

    // Assess
    expect(problems('Bounce-Guard', { outputs: true })).toEqual([
      'outputs: the prefix "Bounce-Guard" (the construct\'s id) must be letters and digits only (CloudFormation output keys are alphanumeric): pass outputs.prefix',
    ]);
    expect(problems('BounceGuard', { outputs: { prefix: 'mail_guard' } })).toEqual([
      'outputs: the prefix "mail_guard" must be letters and digits only (CloudFormation output keys are alphanumeric)',
    ]);
    expect(outputKeys('Bounce-Guard', { outputs: { prefix: 'BounceGuard' } })).toContain('BounceGuardTableName');
  });

  it('the standalone stack keeps its bare output names, now with the handler name', () => {
    // Act
    const stack = new SesBounceGuardStack(quietApp(), 'SesBounceGuard');

    // Assess
    const outputs = Template.fromStack(stack).findOutputs('*');
    for (const name of [...REQUIRED_OUTPUTS, 'SenderPolicyArn', 'AlarmTopicArn', 'HandlerFunctionName', 'EventBusName']) expect(outputs).toHaveProperty(name);
    expect(outputs.TableName?.Value).toEqual({ Ref: expect.stringMatching(/^GuardSuppressionTable/) });
  });
});
