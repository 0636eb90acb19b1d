import { Duration, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { IConfigurationSet } from 'aws-cdk-lib/aws-ses';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
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
 * Makes a configuration set the default of an existing SES identity
 * (`PutEmailIdentityConfigurationSetAttributes`), so that a send that forgets
 * `ConfigurationSetName` still publishes its bounces and complaints. The identity itself is not
 * created or changed otherwise; deleting the stack clears the default again.
 */
class IdentityDefaultConfigurationSet extends Construct {
  /** The custom resource that makes the call. */
  readonly resource: AwsCustomResource;

  constructor(scope: Construct, id: string, props: IdentityDefaultConfigurationSetProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const call = (configurationSetName?: string) => ({
      service: 'sesv2',
      action: 'PutEmailIdentityConfigurationSetAttributes',
      parameters: { EmailIdentity: props.identity, ...(configurationSetName === undefined ? {} : { ConfigurationSetName: configurationSetName }) },
      physicalResourceId: PhysicalResourceId.of(`default-configuration-set:${props.identity}`),
    });
    this.resource = new AwsCustomResource(this, 'Resource', {
      onUpdate: call(props.configurationSet.configurationSetName),
      // Without ConfigurationSetName the identity has no default again.
      onDelete: call(),
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

export { IdentityDefaultConfigurationSet };
export type { IdentityDefaultConfigurationSetProps };
