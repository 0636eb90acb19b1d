import { CustomResource, Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { GuardResourceType } from '../../src/customResources/resourceTypes';
import { functionCode } from '../bundling/functionCode';
import { acknowledgeControl, GuardRule } from '../nag/acknowledgeControl';

/** Properties of a {@link GuardResourceProvider}. */
interface GuardResourceProviderProps {
  /** The provider function's log group. */
  readonly logGroup: ILogGroup;
}

/**
 * The function behind the construct's custom resources (account suppression, identity defaults,
 * an adopted table's stream, an adopted configuration set's reputation metrics), with a role of
 * its own that holds exactly the statements those resources add. Not `AwsCustomResource`: every
 * one of those in a stack shares CDK's single provider function and role, so any other custom
 * resource of the consumer's stack would gain our SES and DynamoDB rights, and each of our calls
 * would be blind (no read before the write). CloudFormation invokes the function directly
 * (ServiceToken), and it answers on the request's response URL (lambda/customResources/).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-custom-resources-lambda.html
 */
class GuardResourceProvider extends Construct {
  /** The provider function. */
  readonly function: LambdaFunction;
  /** Its role: logs, tracing, and what each resource added. */
  readonly role: Role;

  constructor(scope: Construct, id: string, props: GuardResourceProviderProps) {
    super(scope, id);
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: "ses-bounce-guard custom resources: only the SES and DynamoDB calls of the construct's own custom resources",
    });
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [props.logGroup.logGroupArn] }));
    this.function = new LambdaFunction(this, 'Function', {
      description: 'ses-bounce-guard custom resources (SES settings, adopted table stream)',
      // Bundled from lambda/customResources/index.ts (see functionCode): prebuilt in the package.
      code: functionCode(this, 'custom-resources'),
      handler: 'index.handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.minutes(2),
      logGroup: props.logGroup,
      tracing: Tracing.ACTIVE,
      role: this.role,
    });
    this.acknowledgeFindings();
  }

  /**
   * A custom resource this provider serves, and the statements its calls need, added to the
   * provider's role.
   *
   * @param scope - where the resource goes
   * @param id - its construct id
   * @param resourceType - one of GuardResourceType
   * @param properties - its properties (src/customResources/resourceTypes.ts)
   * @param statements - what the function calls for it
   */
  resource(
    scope: Construct,
    id: string,
    resourceType: GuardResourceType,
    properties: Record<string, unknown>,
    statements: readonly PolicyStatement[],
  ): CustomResource {
    for (const statement of statements) this.role.addToPrincipalPolicy(statement);
    const resource = new CustomResource(scope, id, {
      serviceToken: this.function.functionArn,
      resourceType,
      properties,
      // A function that never answers fails the resource after this, not after CloudFormation's hour.
      serviceTimeout: Duration.minutes(5),
    });
    // The statements must exist before CloudFormation invokes the function for the resource.
    resource.node.addDependency(this.role);
    return resource;
  }

  private acknowledgeFindings(): void {
    const acknowledge = (id: string, reason: string) => Validations.of(this).acknowledge({ id, reason });
    acknowledge(
      'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      'ses:PutAccountSuppressionAttributes (an account-level setting) and the X-Ray actions of active tracing have no resource type: IAM accepts only "*". Every other statement names its identity, configuration set or table.',
    );
    const runtimeReason = 'Node.js 22 is the runtime this project pins, builds its bundles for (target node22) and tests.';
    acknowledge('AwsSolutions::AwsSolutions-L1', runtimeReason);
    acknowledge('Serverless::Serverless-LambdaLatestVersion', runtimeReason);
    acknowledge(
      'Serverless::Serverless-LambdaDLQ',
      "Invoked by CloudFormation for a custom resource: a failed invocation fails that resource's deployment (serviceTimeout), and a dead-lettered request would hold nothing to redo.",
    );
    acknowledgeControl(
      this,
      GuardRule.LAMBDA_IN_VPC,
      'Runs only during deployments and calls only the SES and DynamoDB control-plane APIs; it holds no network-reachable resource.',
    );
  }
}

export type { GuardResourceProviderProps };
export { GuardResourceProvider };
