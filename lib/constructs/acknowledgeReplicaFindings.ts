import { Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { acknowledgeControl, GuardRule } from '../nag/acknowledgeControl';

/** The id under which `Table` creates its replica provider (a nested stack, one per stack). */
const REPLICA_PROVIDER_ID = '@aws-cdk/aws-dynamodb.ReplicaProvider';

/**
 * Acknowledges, with their reasons, the cdk-nag findings and the one Control Tower control that
 * `Table`'s `replicationRegions` brings: the CDK's own replica provider (a nested stack of
 * functions and a waiter state machine that call `UpdateTable` with `ReplicaUpdates`), and the
 * managed policy it attaches to the table. The replicas are CDK's custom resources, not ours: the
 * alternative, `TableV2` (`AWS::DynamoDB::GlobalTable`), has none of them but would replace the
 * existing table with a new, empty one.
 *
 * @param table - the suppression table, with its replication regions set
 */
function acknowledgeReplicaFindings(table: Table): void {
  const provider = Stack.of(table).node.tryFindChild(REPLICA_PROVIDER_ID);
  if (provider === undefined) return;
  const acknowledge = (id: string, reason: string) => Validations.of(provider).acknowledge({ id, reason });
  const cdkOwned = "CDK's own replica provider (aws-dynamodb ReplicaProvider), which this project does not configure";
  acknowledge(
    'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    `${cdkOwned}: its functions' roles carry the basic execution policy.`,
  );
  for (const resource of [
    '*',
    '<OnEventHandler42BEBAE0.Arn>:*',
    '<IsCompleteHandler7073F4DA.Arn>:*',
    '<ProviderframeworkisComplete26D7B0CB.Arn>:*',
    '<ProviderframeworkonTimeout0B47CA38.Arn>:*',
  ]) {
    acknowledge(
      `AwsSolutions::AwsSolutions-IAM5[Resource::${resource}]`,
      `${cdkOwned}: dynamodb:DescribeLimits has no resource type ("*"), and the provider framework invokes its handlers' versions ("<arn>:*").`,
    );
  }
  acknowledge('AwsSolutions::AwsSolutions-SF1', `${cdkOwned}: its waiter state machine logs nothing; the custom resource's outcome is in the stack's events.`);
  acknowledge('AwsSolutions::AwsSolutions-SF2', `${cdkOwned}: its waiter state machine runs only during a deployment that adds or removes a replica.`);
  acknowledge(
    'Serverless::Serverless-StepFunctionStateMachineXray',
    `${cdkOwned}: its waiter state machine runs only during a deployment that adds or removes a replica.`,
  );
  acknowledge('Serverless::Serverless-LambdaDLQ', `${cdkOwned}: CloudFormation invokes its functions and reports a failure as the deployment's.`);
  acknowledge('Serverless::Serverless-LambdaDefaultMemorySize', `${cdkOwned}: its functions make a few API calls per deployment.`);
  acknowledge('Serverless::Serverless-LambdaTracing', `${cdkOwned}: its functions run only during a deployment that adds or removes a replica.`);
  // The managed policy the table attaches to the provider's role: dynamodb:* on this table and its
  // replicas only (creating a replica needs actions on the table in every replica region).
  Validations.of(table).acknowledge({
    id: 'AwsSolutions::AwsSolutions-IAM5[Action::dynamodb:*]',
    reason: `${cdkOwned}: dynamodb:* on the suppression table and its replicas only, which replica creation needs in every replica region.`,
  });
  acknowledgeControl(
    table,
    GuardRule.IAM_NO_FULL_ACCESS,
    `${cdkOwned}: its managed policy allows dynamodb:* on the suppression table and its replicas only, which replica creation needs in every replica region.`,
  );
}

export { acknowledgeReplicaFindings };
