import { Names, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { Attr, PARTITION_KEY } from '../../src/store/suppressionSchema';

/** Properties of a {@link SuppressionTable}. */
interface SuppressionTableProps {
  /**
   * The table's physical name. Whatever it is, it is fixed: a second deployment after `cdk destroy`
   * must find the retained table in its way and fail, not create a new, empty one (see
   * {@link defaultSuppressionTableName}).
   * @default - defaultSuppressionTableName(this): `<stack name>-<construct path>-<hash>`, the same on every deployment of the stack
   */
  readonly tableName?: string;
}

/**
 * The table's default name, derived from the stack name and the construct path (plus a hash of
 * them, so two guards in one stack differ), e.g. `SesBounceGuard-Guard-SuppressionTable-1A2B3C4D`.
 *
 * Why a fixed name: the table is retained when the stack is deleted. With a name CloudFormation
 * generates, deploying the same stack again would create a second, empty table and the senders
 * would mail every address that bounced before. With a fixed name, that deployment fails with
 * "<name> already exists" instead (a custom name cannot be used twice:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html),
 * and the fix is to adopt the retained table (`existingSuppressionTable`, see docs/deploy.md).
 *
 * @param scope - the SuppressionTable construct
 */
function defaultSuppressionTableName(scope: Construct): string {
  // DynamoDB: 3 to 255 characters, letters, digits, '_', '-' and '.'.
  return Names.uniqueResourceName(scope, { maxLength: 255, separator: '-' });
}

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
    this.table = new Table(this, 'Table', {
      tableName: props.tableName ?? defaultSuppressionTableName(this),
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
    });
  }
}

export type { SuppressionTableProps };
export { defaultSuppressionTableName, SuppressionTable };
