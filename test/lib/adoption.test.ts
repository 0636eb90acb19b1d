import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SesBounceGuard, type SesBounceGuardProps } from '../../lib/SesBounceGuard';
import { InvalidPropsError } from '../../lib/validation/InvalidPropsError';
import { HandlerEnv } from '../../src/contract/handlerEnvironment';
import { logicalIdOf } from '../helpers/cdk';

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
    const fn = template.toJSON().Resources[logicalIdOf(guard.bounceHandler.function)].Properties;
    expect(fn.Environment.Variables[HandlerEnv.TABLE_NAME]).toBe('SesBounceGuard-Guard-SuppressionTable-1A2B3C4D');
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[],
    );
    expect(JSON.stringify(statements.find((statement) => statement.Action === 'dynamodb:UpdateItem')?.Resource)).toContain(
      ':table/SesBounceGuard-Guard-SuppressionTable-1A2B3C4D',
    );
  });

  it("existingSuppressionTableName with application events: reads the table's stream ARN at deploy time and feeds it to the events function", () => {
    // Act
    const { template } = build({ existingSuppressionTableName: 'retained-table', accountSuppression: false });

    // Assess
    const lookups = Object.entries(template.findResources('Custom::AWS'));
    expect(lookups).toHaveLength(1);
    const [lookupId, lookup] = lookups[0] as [string, { Properties: { Create: unknown } }];
    expect(JSON.parse(lookup.Properties.Create as string)).toMatchObject({
      service: 'DynamoDB',
      action: 'DescribeTable',
      parameters: { TableName: 'retained-table' },
      outputPaths: ['Table.LatestStreamArn'],
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: { 'Fn::GetAtt': [lookupId, 'Table.LatestStreamArn'] } });
  });

  it('existingSuppressionTableName without application events: no lookup', () => {
    // Act
    const { template } = build({ existingSuppressionTableName: 'retained-table', accountSuppression: false, applicationEvents: { enabled: false } });

    // Assess
    template.resourceCountIs('Custom::AWS', 0);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
  });

  it('existingConfigurationSetName: creates no configuration set and adds the event destination to the named one', () => {
    // Act
    const { template } = build({ existingConfigurationSetName: 'txn-mail', accountSuppression: false });

    // Assess
    template.resourceCountIs('AWS::SES::ConfigurationSet', 0);
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', { ConfigurationSetName: 'txn-mail' });
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
