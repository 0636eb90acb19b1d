import { type CustomResource, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IConfigurationSet } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { GuardResourceType } from '../../src/customResources/resourceTypes';
import type { GuardResourceProvider } from './GuardResourceProvider';

/** Properties of an {@link IdentityDefaultConfigurationSet}. */
interface IdentityDefaultConfigurationSetProps {
  /** The construct's custom-resource provider, which makes the calls. */
  readonly provider: GuardResourceProvider;
  /** An SES identity (email address or domain) that already exists in the account and region. */
  readonly identity: string;
  /** The configuration set that becomes the identity's default. */
  readonly configurationSet: IConfigurationSet;
  /**
   * Take the default over when another configuration set holds it.
   * @default false - the deployment fails, naming the set that holds it
   */
  readonly force?: boolean;
}

/**
 * The error SES answers when the identity does not exist: `NotFoundException` (HTTP 404, "The
 * resource you attempted to access doesn't exist"):
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailIdentity.html
 */
const IDENTITY_NOT_FOUND = 'NotFoundException';

/**
 * Makes a configuration set the default of an existing SES identity, so that a send that forgets
 * `ConfigurationSetName` still publishes its bounces and complaints. The provider reads the
 * identity first (`GetEmailIdentity`), then writes (`PutEmailIdentityConfigurationSetAttributes`);
 * see src/customResources/identityDefault.ts:
 *
 * - Create or update fails the deployment, with a status reason that names it, when the identity
 *   does not exist (SES's `NotFoundException`) or already has another default configuration set
 *   (unless `force`): taking it over would silently move that set's events.
 * - Delete (the identity left the list, or the stack is destroyed) clears the default only while
 *   it is still ours, and succeeds when the identity is gone already: there is no default left to
 *   clear, and failing would leave the stack in DELETE_FAILED.
 */
class IdentityDefaultConfigurationSet extends Construct {
  /** The custom resource that makes the calls. */
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: IdentityDefaultConfigurationSetProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const identityArn = stack.formatArn({ service: 'ses', resource: 'identity', resourceName: props.identity });
    const configurationSetArn = stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: props.configurationSet.configurationSetName });
    // Not the id 'Resource' of the former AwsCustomResource: CloudFormation refuses to change a
    // resource's type in place, so the upgrade replaces it under a new logical id.
    this.resource = props.provider.resource(
      this,
      'Setting',
      GuardResourceType.IDENTITY_DEFAULT,
      { Identity: props.identity, ConfigurationSetName: props.configurationSet.configurationSetName, Force: String(props.force ?? false) },
      [
        new PolicyStatement({ actions: ['ses:GetEmailIdentity'], resources: [identityArn] }),
        new PolicyStatement({ actions: ['ses:PutEmailIdentityConfigurationSetAttributes'], resources: [identityArn, configurationSetArn] }),
      ],
    );
    // Set the default only once the configuration set exists, and clear it before it goes.
    this.resource.node.addDependency(props.configurationSet);
  }
}

export type { IdentityDefaultConfigurationSetProps };
export { IDENTITY_NOT_FOUND, IdentityDefaultConfigurationSet };
