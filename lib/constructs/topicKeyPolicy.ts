import { ArnFormat, Names, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/** A topic's physical name and the ARN it will have, known before the topic exists. */
interface PlannedTopic {
  /** The name to give the topic. */
  readonly topicName: string;
  /** `arn:<partition>:sns:<region>:<account>:<topicName>`. */
  readonly topicArn: string;
}

/**
 * Names a topic before it is created, so that its key's policy can name the topic's ARN: the topic
 * refers to its key (KmsMasterKeyId), so a key policy that referred back to the topic would be a
 * circular dependency. The name is unique per stack and construct path (stack name, path, hash),
 * as topic names must be per account and region.
 *
 * @param scope - the construct the topic belongs to
 */
function planTopic(scope: IConstruct): PlannedTopic {
  const topicName = Names.uniqueResourceName(scope, { maxLength: 256, separator: '-' });
  const topicArn = Stack.of(scope).formatArn({ service: 'sns', resource: topicName, arnFormat: ArnFormat.NO_RESOURCE_NAME });
  return { topicName, topicArn };
}

/**
 * The key-policy statement that lets an AWS service publish to a topic encrypted with the key:
 * `kms:GenerateDataKey*` and `kms:Decrypt`, only for that topic.
 *
 * The condition is the encryption context SNS itself puts on the data key of every message of an
 * encrypted topic (`aws:sns:topicArn`), so it holds whatever the publishing service sends along;
 * `aws:SourceAccount`/`aws:SourceArn` are not documented for every service's KMS calls, and a
 * condition the request lacks silently drops every message before the topic.
 * Service statement: https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 * The same statement with `kms:EncryptionContext:aws:sns:topicArn`, in another service's guide:
 * https://docs.amazonaws.cn/en_us/gamelift/latest/flexmatchguide/queue-notification-sns-sse.html
 *
 * @param sid - the statement id
 * @param service - the publishing service principal, e.g. `ses.amazonaws.com`
 * @param topicArn - the ARN of the topic the key encrypts
 */
function publishToEncryptedTopicStatement(sid: string, service: string, topicArn: string): PolicyStatement {
  return new PolicyStatement({
    sid,
    principals: [new ServicePrincipal(service)],
    actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    // In a key policy, "*" is this key.
    resources: ['*'],
    conditions: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': topicArn } },
  });
}

export type { PlannedTopic };
export { planTopic, publishToEncryptedTopicStatement };
