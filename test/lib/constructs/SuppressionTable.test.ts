import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SuppressionTable } from '../../../lib/constructs/SuppressionTable';
import { SesBounceGuard } from '../../../lib/SesBounceGuard';
import { InvalidPropsError } from '../../../lib/validation/InvalidPropsError';
import { Attr, PARTITION_KEY } from '../../../src/store/suppressionSchema';
import { logicalIdOf } from '../../helpers/cdk';

describe('Class: SuppressionTable', () => {
  let template: Template;
  let construct: SuppressionTable;

  beforeAll(() => {
    const stack = new Stack(new App(), 'Test');
    construct = new SuppressionTable(stack, 'SuppressionTable');
    template = Template.fromStack(stack);
  });

  it("keys the table by the schema module's partition key, a string", () => {
    // Assess
    expect(PARTITION_KEY).toBe('email');
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: PARTITION_KEY, KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: PARTITION_KEY, AttributeType: 'S' }],
    });
  });

  it('is on-demand, encrypted, point-in-time recoverable and deletion-protected', () => {
    // Assess
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
  });

  it("expires items by the schema module's expiresAt attribute (DynamoDB TTL)", () => {
    // Assess
    expect(Attr.EXPIRES_AT).toBe('expiresAt');
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: Attr.EXPIRES_AT, Enabled: true },
    });
  });

  it('is retained when the stack deletes or replaces it', () => {
    // Assess
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('has a fixed name from the stack name and a constant, so that a redeploy after destroy collides with the retained table instead of creating an empty one', () => {
    // Prepare: the same stack deployed again (a new synth), another stack.
    const nameIn = (stackName: string) => {
      const stack = new Stack(new App(), stackName);
      const table = new SuppressionTable(stack, 'SuppressionTable');
      return Template.fromStack(stack).toJSON().Resources[logicalIdOf(table.table)].Properties.TableName as string;
    };

    // Act
    const name = template.toJSON().Resources[logicalIdOf(construct.table)].Properties.TableName as string;

    // Assess
    expect(name).toBe('Test-suppressions');
    expect(nameIn('Test')).toBe(name);
    expect(nameIn('Other')).toBe('Other-suppressions');
    expect(Object.keys(template.findResources('AWS::DynamoDB::Table'))).toEqual([logicalIdOf(construct.table)]);
  });

  it('keeps its name when the construct is renamed or moved under another parent: the path is not part of it', () => {
    // Prepare
    const nameOf = (build: (stack: Stack) => SuppressionTable) => {
      const stack = new Stack(new App(), 'Test', { stackName: 'Mail-Prod' });
      const table = build(stack);
      return Template.fromStack(stack).toJSON().Resources[logicalIdOf(table.table)].Properties.TableName as string;
    };

    // Act
    const names = [
      nameOf((stack) => new SuppressionTable(stack, 'SuppressionTable')),
      nameOf((stack) => new SuppressionTable(stack, 'Renamed')),
      nameOf((stack) => new SuppressionTable(new Construct(new Construct(stack, 'Mail'), 'Guard'), 'SuppressionTable')),
    ];

    // Assess
    expect(names).toEqual(['Mail-Prod-suppressions', 'Mail-Prod-suppressions', 'Mail-Prod-suppressions']);
  });

  it('refuses a second guard with a default-named table in one stack at synth, naming both, and accepts it with a name of its own', () => {
    // Prepare
    const stack = new Stack(new App(), 'Two');
    new SesBounceGuard(stack, 'Production', { accountSuppression: false });

    // Act
    let error: unknown;
    try {
      new SesBounceGuard(stack, 'Staging', { accountSuppression: false, configurationSetProps: { configurationSetName: 'staging' } });
    } catch (caught) {
      error = caught;
    }
    new SesBounceGuard(stack, 'Named', {
      accountSuppression: false,
      configurationSetProps: { configurationSetName: 'named' },
      suppressionTableProps: { tableName: 'Two-named-suppressions' },
    });

    // Assess
    expect(error).toBeInstanceOf(InvalidPropsError);
    expect((error as Error).message).toContain(
      'Two/Staging/SuppressionTable: the stack already has a suppression table with the default name Two-suppressions (Two/Production/SuppressionTable); give this one suppressionTableProps.tableName',
    );
  });

  it('takes the name given', () => {
    // Prepare
    const stack = new Stack(new App(), 'Named');
    new SuppressionTable(stack, 'SuppressionTable', { tableName: 'team-suppressions' });

    // Assess
    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'team-suppressions' });
  });
});
