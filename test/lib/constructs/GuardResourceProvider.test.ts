import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { describe, expect, it } from 'vitest';
import { SesBounceGuard } from '../../../lib/SesBounceGuard';
import { logicalIdOf } from '../../helpers/cdk';

type Statement = { Action: string | string[]; Resource: unknown };

describe('Class: GuardResourceProvider', () => {
  it("gives a consumer's own AwsCustomResource none of the guard's SES or DynamoDB rights, and the guard's provider none of the consumer's", () => {
    // Prepare: the guard with every custom resource, next to a consumer's own AwsCustomResource
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Consumer');
    const guard = new SesBounceGuard(stack, 'Guard', {
      identities: ['example.com'],
      existingConfigurationSetName: 'team-mail',
      existingSuppressionTableName: 'team-suppressions',
    });
    new AwsCustomResource(stack, 'ConsumerOwn', {
      onUpdate: { service: 'SSM', action: 'GetParameter', parameters: { Name: 'p' }, physicalResourceId: PhysicalResourceId.of('p') },
      policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });

    // Act
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    const actionsOfRole = (roleId: string) =>
      policies
        .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(roleId))
        .flatMap((policy) => (policy.Properties.PolicyDocument.Statement as Statement[]).flatMap((statement) => [statement.Action].flat()));
    const providerRole = guard.resourceProvider?.role;
    if (providerRole === undefined) throw new Error('the guard has custom resources');
    const consumerRole = stack.node.findChild(`AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`).node.findChild('ServiceRole');

    // Assess
    expect(actionsOfRole(logicalIdOf(consumerRole))).toEqual(['ssm:GetParameter']);
    expect(actionsOfRole(logicalIdOf(providerRole)).sort()).toEqual([
      'dynamodb:DescribeTable',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'ses:GetConfigurationSet',
      'ses:GetEmailIdentity',
      'ses:PutAccountSuppressionAttributes',
      'ses:PutConfigurationSetReputationOptions',
      'ses:PutEmailIdentityConfigurationSetAttributes',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });
});
