import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/**
 * A customer-managed key with rotation on, whose policy denies `kms:CreateGrant` unless the grant
 * is for an AWS resource or the caller is an AWS service (AWS Control Tower control CT.KMS.PR.3:
 * https://docs.aws.amazon.com/controltower/latest/userguide/kms-rules.html#ct-kms-pr-3-description).
 * Nothing in this project creates grants on its keys: the services that use them (SNS for the
 * topics, CloudWatch Logs for the log groups) are allowed by key-policy statements instead.
 *
 * @param scope - the key's parent
 * @param id - the key's construct id
 * @param description - what the key encrypts, shown in the KMS console
 */
function createKey(scope: Construct, id: string, description: string): Key {
  const key = new Key(scope, id, { description, enableKeyRotation: true });
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'DenyCreateGrantExceptForAwsResources',
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      // In a key policy, "*" is this key.
      resources: ['*'],
      // Both false: a grant for something other than an AWS resource, asked for by a principal
      // that is not an AWS service. BoolIfExists: a request without the key is judged as false.
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }),
  );
  return key;
}

export { createKey };
