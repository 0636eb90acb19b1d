import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { SesBounceGuard, type SesBounceGuardProps } from '../../lib/SesBounceGuard';
import { InvalidPropsError } from '../../lib/validation/InvalidPropsError';
import { HandlerEnv } from '../../src/contract/handlerEnvironment';
import { GuardResourceType, STREAM_ARN_ATTRIBUTE } from '../../src/customResources/resourceTypes';
import { getAtt, guardResources, logicalIdOf } from '../helpers/cdk';

/** A stack holding one guard; bundling skipped (the function's code is not what is tested here). */
function build(props: SesBounceGuardProps) {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Adopting');
  const guard = new SesBounceGuard(stack, 'Guard', props);
  return { stack, guard, template: Template.fromStack(stack) };
}

describe('Adopting what a destroyed stack retained, or what exists already', () => {
  it('existingSuppressionTableName: creates no table and points the handler and its grant at the named one', () => {
    // Act
    const { guard, template } = build({ existingSuppressionTableName: 'SesBounceGuard-Guard-SuppressionTable-1A2B3C4D', accountSuppression: false });

    // Assess
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    expect(guard.suppressionTable).toBeUndefined();
    const fn = template.toJSON().Resources[logicalIdOf(guard.bounceHandler!.function)].Properties;
    expect(fn.Environment.Variables[HandlerEnv.TABLE_NAME]).toBe('SesBounceGuard-Guard-SuppressionTable-1A2B3C4D');
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[],
    );
    expect(JSON.stringify(statements.find((statement) => statement.Action === 'dynamodb:UpdateItem')?.Resource)).toContain(
      ':table/SesBounceGuard-Guard-SuppressionTable-1A2B3C4D',
    );
  });

  it("existingSuppressionTableName with application events: reads the table's current stream ARN on every deploy, by the construct's own provider", async () => {
    // Act
    const first = build({ existingSuppressionTableName: 'retained-table', accountSuppression: false });

    // Assess
    first.template.resourceCountIs('Custom::AWS', 0);
    const lookups = Object.entries(first.template.findResources(GuardResourceType.TABLE_STREAM));
    expect(lookups).toHaveLength(1);
    const [lookupId, lookup] = lookups[0] as [string, { Properties: Record<string, unknown> }];
    expect(lookup.Properties).toMatchObject({ TableName: 'retained-table', ServiceToken: getAtt(first.guard.resourceProvider?.function as IConstruct, 'Arn') });
    // CloudFormation updates a custom resource only when a property changes: ReadAt does, every synth.
    const readAt = (template: Template) => Object.values(template.findResources(GuardResourceType.TABLE_STREAM))[0]?.Properties.ReadAt as string;
    expect(Date.parse(readAt(first.template))).not.toBeNaN();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(readAt(build({ existingSuppressionTableName: 'retained-table', accountSuppression: false }).template)).not.toBe(readAt(first.template));
    first.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [lookupId, STREAM_ARN_ATTRIBUTE] },
      StartingPosition: 'LATEST',
    });
    // Only DescribeTable on that table: no other DynamoDB right on the provider's role.
    const providerPolicy = Object.values(first.template.findResources('AWS::IAM::Policy')).find((policy) =>
      JSON.stringify(policy.Properties.Roles).includes(logicalIdOf(first.guard.resourceProvider?.role as IConstruct)),
    );
    const dynamo = ((providerPolicy?.Properties.PolicyDocument.Statement ?? []) as { Action: unknown; Resource: unknown }[]).filter((statement) =>
      String(statement.Action).startsWith('dynamodb:'),
    );
    expect(dynamo).toHaveLength(1);
    expect(dynamo[0]?.Action).toBe('dynamodb:DescribeTable');
    expect(JSON.stringify(dynamo[0]?.Resource)).toContain(':table/retained-table');
  });

  it('an adopted table starts its event source mapping at LATEST (no replay of 24 h of old changes); a created one at TRIM_HORIZON', () => {
    // Act
    const adopted = build({
      existingSuppressionTable: Table.fromTableAttributes(new Stack(new App(), 'Other'), 'T', {
        tableName: 'team-suppressions',
        tableStreamArn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/team-suppressions/stream/2026-01-01T00:00:00.000',
      }),
    });
    const created = build({});

    // Assess
    adopted.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { StartingPosition: 'LATEST' });
    created.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { StartingPosition: 'TRIM_HORIZON' });
  });

  it('existingConfigurationSetName: creates no configuration set and adds the event destination to the named one', () => {
    // Act
    const { template } = build({ existingConfigurationSetName: 'txn-mail', accountSuppression: false });

    // Assess
    template.resourceCountIs('AWS::SES::ConfigurationSet', 0);
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', { ConfigurationSetName: 'txn-mail' });
  });

  it('existingConfigurationSetName: turns its reputation metrics on (restored on delete), so its alarms get data; a created set needs none', () => {
    // Act
    const adopted = build({ existingConfigurationSetName: 'txn-mail', accountSuppression: false });
    const created = build({ accountSuppression: false });

    // Assess
    expect(guardResources(adopted.template, GuardResourceType.REPUTATION_METRICS)).toEqual([{ ConfigurationSetName: 'txn-mail', ServiceTimeout: '300' }]);
    adopted.template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: ['ses:GetConfigurationSet', 'ses:PutConfigurationSetReputationOptions'],
            Resource: {
              'Fn::Join': [
                '',
                ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':configuration-set/txn-mail'],
              ],
            },
          },
        ]),
      },
    });
    created.template.resourceCountIs(GuardResourceType.REPUTATION_METRICS, 0);
    created.template.hasResourceProperties('AWS::SES::ConfigurationSet', { ReputationOptions: { ReputationMetricsEnabled: true } });
  });

  it('refuses a table name together with a table or table settings, in one error, and builds nothing', () => {
    // Prepare
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Conflict');

    // Act
    let error: unknown;
    try {
      new SesBounceGuard(stack, 'Guard', { existingSuppressionTableName: 'old-table', suppressionTableProps: { tableName: 'new-table' } });
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(InvalidPropsError);
    expect((error as Error).message).toContain(
      'existingSuppressionTableName cannot be set together with existingSuppressionTable or suppressionTableProps: name one table to adopt, or the settings of the table to create',
    );
    // Refused before any resource was added: no table, empty or not.
    expect(stack.node.findAll().filter((construct) => construct.node.id !== 'Conflict' && construct.node.id !== 'Guard')).toEqual([]);
  });
});
