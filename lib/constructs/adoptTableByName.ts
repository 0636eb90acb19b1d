import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { type ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';

/**
 * A suppression table that exists already, known by name only (the one a destroyed stack
 * retained). The application events read its stream, whose ARN carries a creation label nobody
 * knows at synth, so a deploy-time `DescribeTable` reads `Table.LatestStreamArn`
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html). A
 * table without a stream fails that deployment with the missing field, rather than deploying
 * events that never come.
 *
 * @param scope - where the import and the lookup are created
 * @param tableName - the existing table's name
 * @param logGroup - the custom resource provider's log group
 */
function adoptTableByName(scope: Construct, tableName: string, logGroup: ILogGroup | undefined): ITable {
  const tableArn = Stack.of(scope).formatArn({ service: 'dynamodb', resource: 'table', resourceName: tableName });
  const lookup = new AwsCustomResource(scope, 'ExistingSuppressionTableStream', {
    onUpdate: {
      service: 'DynamoDB',
      action: 'DescribeTable',
      parameters: { TableName: tableName },
      physicalResourceId: PhysicalResourceId.of(tableName),
      outputPaths: ['Table.LatestStreamArn'],
    },
    policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: [tableArn] }),
    // The SDK in the Lambda runtime has the call; see AccountSuppression.
    installLatestAwsSdk: false,
    // The stack's one provider function takes these from whichever custom resource comes first.
    timeout: Duration.minutes(2),
    memorySize: 512,
    ...(logGroup === undefined ? {} : { logGroup }),
  });
  Validations.of(lookup).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    reason: 'Not used: the lookup may call dynamodb:DescribeTable on the named table only.',
  });
  return Table.fromTableAttributes(scope, 'ExistingSuppressionTable', { tableName, tableStreamArn: lookup.getResponseField('Table.LatestStreamArn') });
}

export { adoptTableByName };
