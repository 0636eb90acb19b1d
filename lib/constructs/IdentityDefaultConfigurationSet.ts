import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { IConfigurationSet } from 'aws-cdk-lib/aws-ses';
import { AwsCustomResource, AwsCustomResourcePolicy, type AwsSdkCall, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';

/** Properties of an {@link IdentityDefaultConfigurationSet}. */
interface IdentityDefaultConfigurationSetProps {
  /** An SES identity (email address or domain) that already exists in the account and region. */
  readonly identity: string;
  /** The configuration set that becomes the identity's default. */
  readonly configurationSet: IConfigurationSet;
  /**
   * Log group of the custom resource's provider function (shared by every `AwsCustomResource`
   * of the stack; the first one created sets it).
   * @default - Lambda's default log group, kept forever
   */
  readonly logGroup?: ILogGroup;
}

/**
 * The error SES answers when the identity does not exist: `NotFoundException` (HTTP 404, "The
 * resource you attempted to access doesn't exist"):
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_PutEmailIdentityConfigurationSetAttributes.html
 */
const IDENTITY_NOT_FOUND = 'NotFoundException';

/**
 * Makes a configuration set the default of an existing SES identity
 * (`PutEmailIdentityConfigurationSetAttributes`), so that a send that forgets
 * `ConfigurationSetName` still publishes its bounces and complaints. The identity itself is not
 * created or changed otherwise; deleting the stack clears the default again.
 *
 * - Create or update for an identity that does not exist fails the deployment: the resource
 *   `IdentityDefault-<identity>` reports SES's `NotFoundException` message as its status reason
 *   (AwsCustomResource passes the SDK error's message to CloudFormation), and the stack rolls back.
 * - Delete (the identity left the list, or the stack is destroyed) succeeds when the identity is
 *   gone already: there is no default left to clear, and failing would leave the stack in
 *   DELETE_FAILED.
 */
class IdentityDefaultConfigurationSet extends Construct {
  /** The custom resource that makes the call. */
  readonly resource: AwsCustomResource;

  constructor(scope: Construct, id: string, props: IdentityDefaultConfigurationSetProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const call = (configurationSetName?: string): AwsSdkCall => ({
      service: 'sesv2',
      action: 'PutEmailIdentityConfigurationSetAttributes',
      parameters: { EmailIdentity: props.identity, ...(configurationSetName === undefined ? {} : { ConfigurationSetName: configurationSetName }) },
      physicalResourceId: PhysicalResourceId.of(`default-configuration-set:${props.identity}`),
    });
    this.resource = new AwsCustomResource(this, 'Resource', {
      // No ignored errors: a missing identity must fail the deployment, not pass unnoticed.
      onUpdate: call(props.configurationSet.configurationSetName),
      // Without ConfigurationSetName the identity has no default again. An identity deleted
      // outside the stack has no default to clear.
      onDelete: { ...call(), ignoreErrorCodesMatching: `^${IDENTITY_NOT_FOUND}$` },
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({
          actions: ['ses:PutEmailIdentityConfigurationSetAttributes'],
          resources: [
            stack.formatArn({ service: 'ses', resource: 'identity', resourceName: props.identity }),
            stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: props.configurationSet.configurationSetName }),
          ],
        }),
      ]),
      installLatestAwsSdk: false,
      timeout: Duration.minutes(2),
      memorySize: 512,
      ...(props.logGroup === undefined ? {} : { logGroup: props.logGroup }),
    });
    // Set the default only once the configuration set exists, and clear it before it goes.
    this.resource.node.addDependency(props.configurationSet);
  }
}

export type { IdentityDefaultConfigurationSetProps };
export { IDENTITY_NOT_FOUND, IdentityDefaultConfigurationSet };
