import { Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** The SES `SuppressedReasons` values. */
const SuppressedReason = { BOUNCE: 'BOUNCE', COMPLAINT: 'COMPLAINT' } as const;
type SuppressedReason = (typeof SuppressedReason)[keyof typeof SuppressedReason];

/** Properties of an {@link AccountSuppression}. */
interface AccountSuppressionProps {
  /**
   * The reasons for which SES adds an address to the account-level suppression list.
   * @default ['BOUNCE', 'COMPLAINT']
   */
  readonly reasons?: readonly SuppressedReason[];
  /**
   * Log group of the custom resource's provider function (shared by every `AwsCustomResource`
   * of the stack; the first one created sets it).
   * @default - Lambda's default log group, kept forever
   */
  readonly logGroup?: ILogGroup;
}

/**
 * Turns on SES account-level suppression (`PutAccountSuppressionAttributes`), which has no
 * CloudFormation resource. Deleting the stack leaves the setting as it is: an account should not
 * start mailing known-bad addresses again because a stack went away.
 */
class AccountSuppression extends Construct {
  /** The custom resource that makes the call. */
  readonly resource: AwsCustomResource;

  constructor(scope: Construct, id: string, props: AccountSuppressionProps = {}) {
    super(scope, id);
    const reasons = props.reasons ?? [SuppressedReason.BOUNCE, SuppressedReason.COMPLAINT];
    this.resource = new AwsCustomResource(this, 'Resource', {
      onUpdate: {
        service: 'sesv2',
        action: 'PutAccountSuppressionAttributes',
        parameters: { SuppressedReasons: [...reasons] },
        physicalResourceId: PhysicalResourceId.of('ses-account-suppression'),
      },
      policy: AwsCustomResourcePolicy.fromStatements([
        // An account-level setting: the action has no resource type, so IAM only takes "*".
        new PolicyStatement({ actions: ['ses:PutAccountSuppressionAttributes'], resources: ['*'] }),
      ]),
      // The SDK in the Lambda runtime has the call; downloading the latest one at deploy time
      // would need internet access from the provider and make deploys slower and less repeatable.
      installLatestAwsSdk: false,
      timeout: Duration.minutes(2),
      memorySize: 512,
      ...(props.logGroup === undefined ? {} : { logGroup: props.logGroup }),
    });
    Validations.of(this.resource).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'ses:PutAccountSuppressionAttributes changes an account-level setting and has no resource type: IAM accepts only "*".',
    });
  }
}

export type { AccountSuppressionProps };
export { AccountSuppression, SuppressedReason };
