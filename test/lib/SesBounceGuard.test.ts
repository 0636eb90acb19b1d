import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { DeliveryMode } from '../../lib/constructs/constants';
import { SesBounceGuard, type SesBounceGuardProps } from '../../lib/SesBounceGuard';
import { InvalidPropsError } from '../../lib/validation/InvalidPropsError';
import { getAtt, logicalIdOf } from '../helpers/cdk';

const STREAM_ARN = 'arn:aws:dynamodb:eu-west-1:123456789012:table/suppressions-v1/stream/2026-01-01T00:00:00.000';

/** A stack whose bundling is skipped: these tests read the template, not the handler's code. */
function stackWithoutBundling(): Stack {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return new Stack(app, 'Consumer', { env: { account: '123456789012', region: 'eu-west-1' } });
}

function problemsOf(props: (stack: Stack) => SesBounceGuardProps): readonly string[] {
  const stack = stackWithoutBundling();
  try {
    new SesBounceGuard(stack, 'Guard', props(stack));
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidPropsError);
    return (error as InvalidPropsError).problems;
  }
  throw new Error('SesBounceGuard accepted the props');
}

describe('Class: SesBounceGuard', () => {
  it('creates the configuration set and the table by default', () => {
    // Prepare
    const stack = stackWithoutBundling();

    // Act
    const guard = new SesBounceGuard(stack, 'Guard');

    // Assess
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'txn-mail' });
    expect(guard.configurationSetName).toBe('txn-mail');
    expect(guard.suppressionTable).toBeDefined();
  });

  it('adopts an existing configuration set and table: only the event destination is added', () => {
    // Prepare
    const stack = stackWithoutBundling();

    // Act
    const guard = new SesBounceGuard(stack, 'Guard', {
      existingConfigurationSetName: 'shared-set',
      existingSuppressionTable: Table.fromTableAttributes(stack, 'Existing', { tableName: 'suppressions-v1', tableStreamArn: STREAM_ARN }),
    });

    // Assess
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SES::ConfigurationSet', 0);
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: 'shared-set',
      EventDestination: { Enabled: true, MatchingEventTypes: ['bounce', 'complaint'] },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { TABLE_NAME: 'suppressions-v1', CONFIGURATION_SET_NAME: 'shared-set' } },
    });
    expect(guard.suppressionTable).toBeUndefined();
    expect(guard.configurationSetName).toBe('shared-set');
  });

  it('grants the handler the key of an existing table encrypted with a customer-managed key', () => {
    // Prepare
    const stack = stackWithoutBundling();
    const key = new Key(stack, 'TableKey');
    const table = Table.fromTableAttributes(stack, 'Existing', { tableName: 'suppressions-v1', tableStreamArn: STREAM_ARN, encryptionKey: key });

    // Act
    const guard = new SesBounceGuard(stack, 'Guard', { existingSuppressionTable: table });

    // Assess
    const role = guard.bounceHandler!.function.role!;
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalIdOf(role) }] } });
    const statements = Object.values(policies).flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Action: string[]; Resource: unknown }[]);
    expect(statements).toContainEqual(
      expect.objectContaining({ Action: expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt']), Resource: getAtt(key, 'Arn') }),
    );
  });

  it('refuses bring-your-own and settings for the same resource, and a bad name, in one error', () => {
    // Act
    const problems = problemsOf((stack) => ({
      existingConfigurationSetName: 'has space',
      configurationSetProps: { configurationSetName: 'other' },
      existingSuppressionTable: Table.fromTableAttributes(stack, 'Existing', { tableName: 'suppressions-v1', tableStreamArn: STREAM_ARN }),
      suppressionTableProps: { tableName: 'x' },
    }));

    // Assess
    expect(problems).toEqual([
      'existingConfigurationSetName and configurationSetProps cannot both be set: pass the name of the set to adopt, or the settings of the set to create',
      'existingSuppressionTable and suppressionTableProps cannot both be set: pass the table to adopt, or the settings of the table to create',
      'configuration set name "has space" must be 1 to 64 letters, digits, "_" or "-"',
      'suppressionTableProps.tableName "x" must be 3 to 255 letters, digits, "_", "-" or "."',
    ]);
  });

  it('refuses an existing table with another key schema', () => {
    // Act
    const problems = problemsOf((stack) => ({
      existingSuppressionTable: new Table(stack, 'Wrong', {
        partitionKey: { name: 'pk', type: AttributeType.STRING },
        sortKey: { name: 'sk', type: AttributeType.STRING },
      }),
      applicationEvents: { enabled: false },
    }));

    // Assess
    expect(problems).toEqual(['existingSuppressionTable must have the string partition key "email" and no sort key; it has pk (S) with sort key sk (S)']);
  });

  it('refuses a policy and thresholds out of range, and a large batch without a window, in one error', () => {
    // Act
    const problems = problemsOf(() => ({
      policy: { softBounceWindowDays: 0 },
      reputationThresholds: { complaintRateWarning: 0.001 },
      deliveryMode: DeliveryMode.QUEUE,
      queueOptions: { batchSize: 100, batchWindow: Duration.seconds(0) },
    }));

    // Assess
    expect(problems).toEqual([
      'softBounceWindowDays must be a whole number >= 1, got 0',
      'complaintRateWarning: must be below complaintRateCritical (got 0.001 >= 0.0008)',
      'queueOptions.batchSize: more than 10 needs a batchWindow of 1 second or more (SQS event source rule)',
    ]);
  });

  it('grantCheck gives exactly GetItem and BatchGetItem on the table', () => {
    // Prepare
    const stack = stackWithoutBundling();
    const guard = new SesBounceGuard(stack, 'Guard');
    const role = new Role(stack, 'Sender', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });

    // Act
    guard.grantCheck(role);

    // Assess
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalIdOf(role) }] } });
    expect(Object.values(policies).map((policy) => policy.Properties.PolicyDocument.Statement)).toEqual([
      [{ Effect: 'Allow', Action: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'], Resource: [getAtt(guard.table, 'Arn')] }],
    ]);
  });

  it('grantOperate gives the CLI its table, SES suppression-list, dead-letter and redrive actions', () => {
    // Prepare
    const stack = stackWithoutBundling();
    const guard = new SesBounceGuard(stack, 'Guard');
    const policy = new ManagedPolicy(stack, 'Operators');

    // Act
    guard.grantOperate(policy);

    // Assess
    const statements = Template.fromStack(stack).toJSON().Resources[logicalIdOf(policy)].Properties.PolicyDocument.Statement as {
      Action: string | string[];
      Resource: unknown;
    }[];
    const actions = statements.flatMap((statement) => statement.Action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:Scan',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:ConditionCheckItem',
        'ses:ListSuppressedDestinations',
        'ses:DeleteSuppressedDestination',
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'lambda:InvokeFunction',
        'lambda:GetFunctionConfiguration',
      ]),
    );
    expect(statements.find((statement) => statement.Action === 'lambda:GetFunctionConfiguration')?.Resource).toEqual(
      getAtt(guard.bounceHandler!.function, 'Arn'),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: ['cloudformation:DescribeStacks', 'cloudwatch:GetMetricStatistics', 'cloudwatch:ListMetrics', 'lambda:ListEventSourceMappings'],
        Resource: '*',
      }),
    );
    expect(actions).not.toContain('ses:SendEmail');
  });
});
