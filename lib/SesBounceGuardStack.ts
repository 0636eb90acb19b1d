import { CfnOutput, Lazy, Names, Stack, type StackProps } from 'aws-cdk-lib';
import { ManagedPolicy } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { SuppressionTable } from './constructs/SuppressionTable';
import { SesBounceGuard, type SesBounceGuardProps } from './SesBounceGuard';

/** Properties of a {@link SesBounceGuardStack}: the stack's own, and the construct's. */
interface SesBounceGuardStackProps extends StackProps {
  /**
   * Everything {@link SesBounceGuard} takes; the construct owns every default.
   * @default - the construct's defaults
   */
  readonly guard?: SesBounceGuardProps;
}

/**
 * The standalone app's stack: one {@link SesBounceGuard}, a managed policy that senders in other
 * stacks attach, and the outputs operators and the CLI read. Every setting arrives as a prop; the
 * stack reads no environment.
 */
class SesBounceGuardStack extends Stack {
  /** The construct holding every resource. */
  readonly guard: SesBounceGuard;
  /** What a sender needs to check addresses, for roles in other stacks (`SenderPolicyArn`). */
  readonly senderPolicy: ManagedPolicy;

  constructor(scope: Construct, id: string, props: SesBounceGuardStackProps = {}) {
    super(scope, id, props);
    const guardProps = props.guard ?? {};
    const adopts = guardProps.existingSuppressionTable !== undefined || guardProps.existingSuppressionTableName !== undefined;
    // The table this stack created before the construct's default became `<stack name>-suppressions`
    // keeps its name, so that no existing deployment is left with a new, empty table (its ids are
    // fixed here, so the path never changes).
    const tableProps =
      adopts || guardProps.suppressionTableProps?.tableName !== undefined
        ? guardProps.suppressionTableProps
        : {
            ...guardProps.suppressionTableProps,
            tableName: Lazy.string({ produce: () => standaloneTableName(this.guard.suppressionTable as SuppressionTable) }),
          };
    // The outputs keep the bare names every version of this stack has had (`TableName`, ...).
    this.guard = new SesBounceGuard(this, 'Guard', {
      ...guardProps,
      outputs: { prefix: '' },
      ...(tableProps === undefined ? {} : { suppressionTableProps: tableProps }),
    });
    const guard = this.guard;

    this.senderPolicy = new ManagedPolicy(this, 'SenderPolicy', {
      description: 'ses-bounce-guard: check addresses against the suppression table before sending',
    });
    guard.grantCheck(this.senderPolicy);

    new CfnOutput(this, 'SenderPolicyArn', {
      value: this.senderPolicy.managedPolicyArn,
      description: 'Managed policy to attach to sender roles: GetItem and BatchGetItem on the suppression table',
    });
  }
}

/**
 * The standalone stack's table name, as every version of it has named the table:
 * `<stack name>-SuppressionTable-<hash of the path>` (e.g. `SesBounceGuard-SuppressionTable-5FED48AA`).
 * Frozen: changing it would leave every existing deployment with a new, empty table.
 */
function standaloneTableName(table: SuppressionTable): string {
  return Names.uniqueResourceName(table, { maxLength: 255, separator: '-' });
}

export type { SesBounceGuardStackProps };
export { SesBounceGuardStack };
