import { type Acknowledgment, type Stack, Validations } from 'aws-cdk-lib';
import { AwsCustomResource } from 'aws-cdk-lib/custom-resources';
import { acknowledgeControl, GuardRule } from './acknowledgeControl';

/** The construct id CDK gives the singleton provider function of every `AwsCustomResource`. */
const PROVIDER_ID = `AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`;

/**
 * Acknowledges the cdk-nag findings on the provider function that CDK creates for
 * `AwsCustomResource`: its code, role and runtime are CDK's, not ours, and it runs only during
 * deployments.
 *
 * @param stack - a stack holding at least one `AwsCustomResource`
 */
function acknowledgeCustomResourceProvider(stack: Stack): void {
  const provider = stack.node.findChild(PROVIDER_ID);
  const acknowledgments: readonly Acknowledgment[] = [
    {
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'CDK gives the AwsCustomResource provider this role; it only writes its own logs and makes the SES calls its inline policy names.',
    },
    {
      id: 'Serverless::Serverless-LambdaDLQ',
      reason: 'Invoked synchronously by CloudFormation during deployments: a failure fails the deployment, there is no event to dead-letter.',
    },
    {
      id: 'Serverless::Serverless-LambdaTracing',
      reason: 'CDK-owned provider that runs once per deployment; CloudFormation events record each call and its error.',
    },
  ];
  for (const acknowledgment of acknowledgments) Validations.of(provider).acknowledge(acknowledgment);
  acknowledgeControl(
    provider,
    GuardRule.LAMBDA_IN_VPC,
    'CDK-owned AwsCustomResource provider: it runs only during deployments and calls only the SES API; it holds no network-reachable resource.',
  );
}

export { acknowledgeCustomResourceProvider };
