import { Stack } from 'aws-cdk-lib';
import { type ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { GuardResourceType, STREAM_ARN_ATTRIBUTE } from '../../src/customResources/resourceTypes';
import type { GuardResourceProvider } from './GuardResourceProvider';

/**
 * A suppression table that exists already, known by name only (the one a destroyed stack
 * retained). The application events read its stream, whose ARN carries a creation label nobody
 * knows at synth, so a deploy-time `DescribeTable` reads `Table.LatestStreamArn`
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html). A
 * table without a stream with new and old images fails that deployment with that message, rather
 * than deploying events that never come.
 *
 * The lookup runs on every deploy: CloudFormation sends a custom resource an update only when its
 * properties change
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requesttypes-update.html),
 * so its `ReadAt` property is the synth time. Trade-off, chosen knowingly: every `cdk diff` of
 * such a stack shows that one property changing (and an update of only this resource); a stable
 * property would keep the event source mapping on a dead stream after the table's stream is
 * turned off and on again (no events, no alarm) until someone changed it by hand. The mapping
 * itself changes only when the ARN read is new.
 *
 * @param scope - where the import and the lookup are created
 * @param tableName - the existing table's name
 * @param provider - the construct's custom-resource provider
 * @param readAt - the `ReadAt` value; tests pass a fixed one
 */
function adoptTableByName(scope: Construct, tableName: string, provider: GuardResourceProvider, readAt: string = new Date().toISOString()): ITable {
  const tableArn = Stack.of(scope).formatArn({ service: 'dynamodb', resource: 'table', resourceName: tableName });
  const lookup = provider.resource(scope, 'CurrentTableStream', GuardResourceType.TABLE_STREAM, { TableName: tableName, ReadAt: readAt }, [
    new PolicyStatement({ actions: ['dynamodb:DescribeTable'], resources: [tableArn] }),
  ]);
  return Table.fromTableAttributes(scope, 'ExistingSuppressionTable', { tableName, tableStreamArn: lookup.getAttString(STREAM_ARN_ATTRIBUTE) });
}

export { adoptTableByName };
