import type { CustomResource } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { GuardResourceType } from '../../src/customResources/resourceTypes';
import type { GuardResourceProvider } from './GuardResourceProvider';

/** The SES `SuppressedReasons` values. */
const SuppressedReason = { BOUNCE: 'BOUNCE', COMPLAINT: 'COMPLAINT' } as const;
type SuppressedReason = (typeof SuppressedReason)[keyof typeof SuppressedReason];

/** Properties of an {@link AccountSuppression}. */
interface AccountSuppressionProps {
  /** The construct's custom-resource provider, which makes the call. */
  readonly provider: GuardResourceProvider;
  /**
   * The reasons for which SES adds an address to the account-level suppression list.
   * @default ['BOUNCE', 'COMPLAINT']
   */
  readonly reasons?: readonly SuppressedReason[];
}

/**
 * Turns on SES account-level suppression (`PutAccountSuppressionAttributes`), which has no
 * CloudFormation resource. Deleting the stack leaves the setting as it is: an account should not
 * start mailing known-bad addresses again because a stack went away.
 */
class AccountSuppression extends Construct {
  /** The custom resource that makes the call. */
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: AccountSuppressionProps) {
    super(scope, id);
    const reasons = props.reasons ?? [SuppressedReason.BOUNCE, SuppressedReason.COMPLAINT];
    // Not the id 'Resource' of the former AwsCustomResource: CloudFormation refuses to change a
    // resource's type in place, so the upgrade replaces it under a new logical id.
    this.resource = props.provider.resource(this, 'Setting', GuardResourceType.ACCOUNT_SUPPRESSION, { SuppressedReasons: [...reasons] }, [
      // An account-level setting: the action has no resource type, so IAM only takes "*".
      new PolicyStatement({ actions: ['ses:PutAccountSuppressionAttributes'], resources: ['*'] }),
    ]);
  }
}

export type { AccountSuppressionProps };
export { AccountSuppression, SuppressedReason };
