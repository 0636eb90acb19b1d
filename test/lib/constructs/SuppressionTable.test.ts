import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { SuppressionTable } from '../../../lib/constructs/SuppressionTable';
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

  it('has a fixed name derived from the stack and construct path, so that a redeploy after destroy collides with the retained table instead of creating an empty one', () => {
    // Prepare: the same stack deployed again (a new synth), another stack, and two tables in one stack.
    const nameIn = (stackName: string, id = 'SuppressionTable') => {
      const stack = new Stack(new App(), stackName);
      const table = new SuppressionTable(stack, id);
      return Template.fromStack(stack).toJSON().Resources[logicalIdOf(table.table)].Properties.TableName as string;
    };

    // Act
    const name = template.toJSON().Resources[logicalIdOf(construct.table)].Properties.TableName as string;

    // Assess
    expect(name).toMatch(/^Test-SuppressionTable-[0-9A-F]{8}$/);
    expect(nameIn('Test')).toBe(name);
    expect(nameIn('Other')).toMatch(/^Other-SuppressionTable-[0-9A-F]{8}$/);
    expect(nameIn('Test', 'SecondTable')).not.toBe(name);
    expect(Object.keys(template.findResources('AWS::DynamoDB::Table'))).toEqual([logicalIdOf(construct.table)]);
  });

  it('takes the name given', () => {
    // Prepare
    const stack = new Stack(new App(), 'Named');
    new SuppressionTable(stack, 'SuppressionTable', { tableName: 'team-suppressions' });

    // Assess
    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::Table', { TableName: 'team-suppressions' });
  });
});
