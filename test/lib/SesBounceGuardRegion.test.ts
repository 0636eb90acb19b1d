import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { beforeAll, describe, expect, it } from 'vitest';
import { SesBounceGuard } from '../../lib/SesBounceGuard';
import { SesBounceGuardRegion, type SesBounceGuardRegionProps } from '../../lib/SesBounceGuardRegion';
import { SesBounceGuardRegionStack } from '../../lib/SesBounceGuardRegionStack';
import { InvalidPropsError } from '../../lib/validation/InvalidPropsError';
import { HandlerEnv } from '../../src/contract/handlerEnvironment';
import { logicalIdOf } from '../helpers/cdk';

const ACCOUNT = '123456789012';

/** The ARN of a table in a region, as CloudFormation renders `Stack.formatArn` (the partition a token). */
const tableArn = (region: string, name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:dynamodb:${region}:${ACCOUNT}:table/${name}`]] });

describe('Class: SesBounceGuardRegion', () => {
  let template: Template;
  let homeTemplate: Template;
  let handlerId: string;
  let senderRole: Role;

  beforeAll(() => {
    // Prepare: the home stack in eu-west-1 with a replica in us-east-1, and the us-east-1 stack
    // naming the home table the way the example app does (the home guard's table name).
    const app = new App();
    const home = new Stack(app, 'MailHome', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const guard = new SesBounceGuard(home, 'BounceGuard', { suppressionTableProps: { replicaRegions: ['us-east-1'] } });
    const us = new Stack(app, 'MailUs', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const regional = new SesBounceGuardRegion(us, 'BounceGuard', { homeRegion: 'eu-west-1', suppressionTableName: guard.table.tableName });
    senderRole = new Role(us, 'Sender', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    regional.grantCheck(senderRole);
    handlerId = logicalIdOf(regional.bounceHandler.function);
    template = Template.fromStack(us);
    homeTemplate = Template.fromStack(home);
  });

  it("holds no table: the suppression table is the home stack's, with a replica here", () => {
    // Assess
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 0);
    homeTemplate.resourceCountIs('AWS::DynamoDB::Table', 1);
    homeTemplate.hasResourceProperties('Custom::DynamoDBReplica', { TableName: { Ref: Match.anyValue() }, Region: 'us-east-1' });
  });

  it("gives the handler the home table's name and region, and writes nowhere else", () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ [HandlerEnv.TABLE_NAME]: 'MailHome-suppressions', [HandlerEnv.SUPPRESSION_TABLE_REGION]: 'eu-west-1' }),
      },
    });
    const handler = template.toJSON().Resources[handlerId];
    expect(handler.Properties.Environment.Variables[HandlerEnv.TABLE_NAME]).toBe('MailHome-suppressions');
  });

  it("lets the handler UpdateItem on the home table's ARN only (eu-west-1), never on this region's replica", () => {
    // Assess
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
      .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('dynamodb:')));
    const writes = statements.filter((statement) => [statement.Action].flat().includes('dynamodb:UpdateItem'));
    expect(writes).toEqual([expect.objectContaining({ Action: 'dynamodb:UpdateItem', Resource: tableArn('eu-west-1', 'MailHome-suppressions') })]);
  });

  it("grants senders of this region reads of the local replica's ARN (us-east-1)", () => {
    // Assess
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: logicalIdOf(senderRole) }],
      PolicyDocument: {
        Statement: [{ Action: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'], Effect: 'Allow', Resource: tableArn('us-east-1', 'MailHome-suppressions') }],
      },
    });
  });

  it("creates this region's configuration set, topic subscription, account suppression and reputation alarms", () => {
    // Assess
    template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      Name: 'txn-mail',
      ReputationOptions: { ReputationMetricsEnabled: true },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
    });
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ MatchingEventTypes: ['bounce', 'complaint'] }),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda' });
    template.hasResourceProperties('Custom::SesAccountSuppression', { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] });
    for (const metricName of ['Reputation.BounceRate', 'Reputation.ComplaintRate']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'AWS/SES', MetricName: metricName });
    }
  });

  it('gives SesBounceGuardRegionStack the outputs smoke-test reads, with TableRegion the home region', () => {
    // Prepare
    const stack = new SesBounceGuardRegionStack(new App(), 'MailUs', {
      env: { region: 'us-east-1' },
      guard: { homeRegion: 'eu-west-1', suppressionTableName: 'MailHome-suppressions' },
    });

    // Act
    const outputs = Template.fromStack(stack).toJSON().Outputs as Record<string, { Value: unknown }>;

    // Assess
    for (const key of [
      'TopicArn',
      'TableName',
      'ConfigurationSetName',
      'ProcessingDeadLetterQueueUrl',
      'DeliveryDeadLetterQueueUrl',
      'SenderPolicyArn',
      'AlarmTopicArn',
    ]) {
      expect(outputs, key).toHaveProperty(key);
    }
    expect(outputs.TableName?.Value).toBe('MailHome-suppressions');
    expect(outputs.TableRegion?.Value).toBe('eu-west-1');
  });

  describe('refuses bad props with every problem in one error, and adds no resource', () => {
    const attempt = (props: SesBounceGuardRegionProps, region = 'us-east-1') => {
      const stack = new Stack(new App(), 'MailUs', { env: { region } });
      let error: unknown;
      try {
        new SesBounceGuardRegion(stack, 'BounceGuard', props);
      } catch (caught) {
        error = caught;
      }
      return { error, resources: stack.node.findAll().filter((construct) => construct instanceof CfnResource) };
    };

    it.each([
      [
        "the home region is the stack's own",
        { homeRegion: 'us-east-1', suppressionTableName: 'T' },
        "homeRegion is this stack's own region (us-east-1): the home region holds the table, so deploy SesBounceGuard there and SesBounceGuardRegion only in the other regions",
      ],
      [
        'the home region is no region name',
        { homeRegion: 'Ireland', suppressionTableName: 'T' },
        'homeRegion must be an AWS region name such as eu-west-1 (got "Ireland")',
      ],
      ['the table name is empty', { homeRegion: 'eu-west-1', suppressionTableName: ' ' }, 'suppressionTableName must name the home table'],
      [
        'both configuration set props',
        { homeRegion: 'eu-west-1', suppressionTableName: 'T', existingConfigurationSetName: 'a', configurationSetProps: { configurationSetName: 'b' } },
        'existingConfigurationSetName and configurationSetProps cannot both be set',
      ],
    ] as const)('%s', (_, props, message) => {
      // Act
      const { error, resources } = attempt(props as SesBounceGuardRegionProps);

      // Assess
      expect(error).toBeInstanceOf(InvalidPropsError);
      expect((error as InvalidPropsError).message).toContain(message);
      expect(resources).toEqual([]);
    });

    it('lists several problems together', () => {
      // Act
      const { error } = attempt({ homeRegion: 'Ireland', suppressionTableName: '', policy: { softBounceWindowDays: 0 } });

      // Assess
      expect((error as InvalidPropsError).problems).toHaveLength(3);
    });
  });
});
