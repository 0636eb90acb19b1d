import { Aws, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { createKey } from './createKey';

/**
 * The key that encrypts the construct's log groups (AWS Control Tower control CT.CLOUDWATCH.PR.3:
 * https://docs.aws.amazon.com/controltower/latest/userguide/cloudwatch-rules.html#ct-cloudwatch-pr-3-description).
 *
 * Its policy is the one CloudWatch Logs documents: the Regional service principal
 * `logs.<region>.amazonaws.com` may use the key, conditioned on the encryption context CloudWatch
 * Logs sets (`kms:EncryptionContext:aws:logs:arn`), here any log group of this account and Region
 * (the log groups' names are generated, and naming a log group that refers to the key back in
 * the key's policy would be a circular dependency):
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 *
 * @param scope - the key's parent
 * @param id - the key's construct id
 */
function createLogKey(scope: Construct, id: string): Key {
  const key = createKey(scope, id, 'Encrypts the ses-bounce-guard log groups');
  const { partition, region, account } = Stack.of(scope);
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'AllowCloudWatchLogsToUseTheKey',
      principals: [new ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      // In a key policy, "*" is this key.
      resources: ['*'],
      conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` } },
    }),
  );
  return key;
}

export { createLogKey };
