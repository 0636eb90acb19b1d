import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { DYNAMODB_TABLE_RETAIN_TABLE_REPLICA } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { Attr, PARTITION_KEY } from '../../src/store/suppressionSchema';
import { InvalidPropsError } from '../validation/InvalidPropsError';
import { acknowledgeReplicaFindings } from './acknowledgeReplicaFindings';

/** Properties of a {@link SuppressionTable}. */
interface SuppressionTableProps {
  /**
   * The table's physical name. Whatever it is, it is fixed: a second deployment after `cdk destroy`
   * must find the retained table in its way and fail, not create a new, empty one (see
   * {@link defaultSuppressionTableName}). A second table in one stack must set it.
   * @default - defaultSuppressionTableName(stack): `<stack name>-suppressions`
   */
  readonly tableName?: string;
  /**
   * Regions that get a replica of the table (a DynamoDB global table, version 2019.11.21), so that
   * senders there read a local copy. Every write still goes to this, the home, region: the
   * handlers of the other regions (`SesBounceGuardRegion`) and the CLI write here, and DynamoDB
   * copies each write to the replicas (docs/regions.md says why). Replicas are added to the
   * existing table by a custom resource (`Table`'s `replicationRegions`), never by replacing it.
   * They are retained: a region removed from the list, or a deleted stack, leaves its replica
   * for an operator to delete.
   * @default - no replicas
   */
  readonly replicaRegions?: readonly string[];
}

/** What {@link defaultSuppressionTableName} appends to the stack name. */
const SUPPRESSION_TABLE_NAME_SUFFIX = 'suppressions';

/**
 * The table's default name: the stack name and a constant, e.g. `Mail-Prod-suppressions`. Never
 * the construct path, so that renaming the construct or moving it under another parent keeps the
 * name (and so finds the same table); only a new stack name or an explicit `tableName` changes it,
 * and that means adopting the old table (docs/deploy.md, "Changing a deployment safely").
 *
 * Why a fixed name: the table is retained when the stack is deleted. With a name CloudFormation
 * generates, deploying the same stack again would create a second, empty table and the senders
 * would mail every address that bounced before. With a fixed name, that deployment fails with
 * "<name> already exists" instead (a custom name cannot be used twice:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html),
 * and the fix is to adopt the retained table (`existingSuppressionTableName`, see docs/deploy.md).
 *
 * @param stack - the stack the table is in
 */
function defaultSuppressionTableName(stack: Stack): string {
  // Stack names are letters, digits and '-' (at most 128): always a valid DynamoDB name.
  return `${stack.stackName}-${SUPPRESSION_TABLE_NAME_SUFFIX}`;
}

/** The first table of each stack that took the default name: a second one must name itself. */
const defaultNameTakenBy = new WeakMap<Stack, string>();

/**
 * The suppression table: one item per recipient address, keyed as `src/store/suppressionSchema.ts`
 * says. It holds the only record of who must not be mailed again, so it survives every stack
 * update and delete (RETAIN, deletion protection) and can be restored to any second of the last
 * 35 days (point-in-time recovery). TTL on `expiresAt` removes only what the suppression policy
 * was configured to let expire.
 */
class SuppressionTable extends Construct {
  /** The table. */
  readonly table: Table;

  constructor(scope: Construct, id: string, props: SuppressionTableProps = {}) {
    super(scope, id);
    const replicaRegions = props.replicaRegions ?? [];
    // Without this feature flag, Table ignores replicaRemovalPolicy and deletes a replica whenever
    // its custom resource goes (a region dropped from the list, a deleted stack). Set on this
    // construct alone, before its table exists, so that the app's other tables keep the app's flags.
    if (replicaRegions.length > 0) this.node.setContext(DYNAMODB_TABLE_RETAIN_TABLE_REPLICA, true);
    const stack = Stack.of(this);
    if (props.tableName === undefined) {
      const first = defaultNameTakenBy.get(stack);
      if (first !== undefined) {
        throw new InvalidPropsError('SuppressionTable', [
          `${this.node.path}: the stack already has a suppression table with the default name ${defaultSuppressionTableName(stack)} (${first}); give this one suppressionTableProps.tableName, or adopt the first one (existingSuppressionTable)`,
        ]);
      }
      defaultNameTakenBy.set(stack, this.node.path);
    }
    this.table = new Table(this, 'Table', {
      tableName: props.tableName ?? defaultSuppressionTableName(stack),
      partitionKey: { name: PARTITION_KEY, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // AWS-managed key: encrypted with a key the account can audit, and readers (sender
      // library, CLI) need no key grant.
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
      // Only items the policy gives an expiry carry this attribute (soft records, and suppressions
      // only when suppressionTtlDays is set): with expiry off, TTL deletes nothing.
      timeToLiveAttribute: Attr.EXPIRES_AT,
      // The outbox of the application events: every change, with the item before and after it.
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      // A custom resource per replica, on the existing AWS::DynamoDB::Table: switching to TableV2
      // (AWS::DynamoDB::GlobalTable) would replace the table with a new, empty one.
      ...(replicaRegions.length === 0 ? {} : { replicationRegions: [...replicaRegions], replicaRemovalPolicy: RemovalPolicy.RETAIN }),
    });
    if (replicaRegions.length > 0) acknowledgeReplicaFindings(this.table);
  }
}

export type { SuppressionTableProps };
export { defaultSuppressionTableName, SUPPRESSION_TABLE_NAME_SUFFIX, SuppressionTable };
