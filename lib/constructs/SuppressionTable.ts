import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { Attr, PARTITION_KEY } from '../../src/store/suppressionSchema';

/** Properties of a {@link SuppressionTable}. */
interface SuppressionTableProps {
  /**
   * The table's physical name.
   * @default - a name CloudFormation generates
   */
  readonly tableName?: string;
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
      ...(props.tableName === undefined ? {} : { tableName: props.tableName }),
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
    });
  }
}

export { SuppressionTable };
export type { SuppressionTableProps };
