import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { DeliveryMode } from '../../../lib/constructs/constants';
import { SesBounceGuard, type SesBounceGuardProps } from '../../../lib/SesBounceGuard';
import { InvalidPropsError } from '../../../lib/validation/InvalidPropsError';
import { getAtt, logicalIdOf, ref } from '../../helpers/cdk';

type Resource = { Type: string; Properties: Record<string, unknown> };

function build(props: SesBounceGuardProps, extend: (stack: Stack, guard: SesBounceGuard) => void = () => {}) {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Mail', { env: { account: '123456789012', region: 'eu-west-1' } });
  const guard = new SesBounceGuard(stack, 'Guard', { ...props, applicationEvents: { enabled: false }, accountSuppression: false });
  extend(stack, guard);
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
  const ofType = (type: string) => Object.values(resources).filter((resource) => resource.Type === type);
  return { stack, guard, resources, ofType };
}

const HTTPS = { subscriber: { kind: 'https', url: 'https://mail.example.com/sns' } } as const;
const WORKER = { deliveryMode: DeliveryMode.QUEUE, queueOptions: { consumer: 'external' } } as const;

describe('Class: ExternalReceiver', () => {
  it("subscribes an HTTPS endpoint instead of the function: raw delivery off, SNS's longest retry policy, a dead-letter queue with its alarm", () => {
    // Act
    const { guard, resources, ofType } = build(HTTPS);

    // Assess
    expect(guard.bounceHandler).toBeUndefined();
    expect(ofType('AWS::Lambda::Function')).toEqual([]);
    const receiver = guard.externalReceiver!;
    expect(ofType('AWS::SNS::Subscription').map((s) => s.Properties)).toEqual([
      {
        Protocol: 'https',
        Endpoint: 'https://mail.example.com/sns',
        TopicArn: ref(guard.eventPipeline.topic),
        RawMessageDelivery: false,
        RedrivePolicy: { deadLetterTargetArn: getAtt(receiver.deliveryDeadLetterQueue, 'Arn') },
        DeliveryPolicy: {
          healthyRetryPolicy: {
            numRetries: 100,
            numNoDelayRetries: 3,
            numMinDelayRetries: 2,
            numMaxDelayRetries: 35,
            minDelayTarget: 1,
            maxDelayTarget: 60,
            backoffFunction: 'EXPONENTIAL',
          },
        },
      },
    ]);
    const alarm = guard.monitoring.pipelineAlarms.DeliveryDeadLetterQueue!;
    expect(resources[logicalIdOf(alarm)]?.Properties.Dimensions).toEqual([{ Name: 'QueueName', Value: getAtt(receiver.deliveryDeadLetterQueue, 'QueueName') }]);
    expect(Object.keys(guard.monitoring.pipelineAlarms).sort()).toEqual(['DeliveryDeadLetterQueue', 'SendingStatusDeadLetterQueue']);
  });

  it("creates the queue, its dead-letter queue and alarms without the function for consumer 'external'", () => {
    // Act
    const { guard, resources, ofType } = build(WORKER);

    // Assess
    expect(guard.bounceHandler).toBeUndefined();
    expect(ofType('AWS::Lambda::Function')).toEqual([]);
    expect(ofType('AWS::Lambda::EventSourceMapping')).toEqual([]);
    const receiver = guard.externalReceiver!;
    const queue = resources[logicalIdOf(receiver.queue!)]!.Properties;
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: getAtt(receiver.processingDeadLetterQueue!, 'Arn'), maxReceiveCount: 5 });
    expect(queue.VisibilityTimeout).toBe(180);
    expect(queue.SqsManagedSseEnabled).toBe(true);
    expect(ofType('AWS::SNS::Subscription').map((s) => s.Properties)).toEqual([
      {
        Protocol: 'sqs',
        Endpoint: getAtt(receiver.queue!, 'Arn'),
        TopicArn: ref(guard.eventPipeline.topic),
        RawMessageDelivery: false,
        RedrivePolicy: { deadLetterTargetArn: getAtt(receiver.deliveryDeadLetterQueue, 'Arn') },
      },
    ]);
    expect(Object.keys(guard.monitoring.pipelineAlarms).sort()).toEqual([
      'DeliveryDeadLetterQueue',
      'ProcessingDeadLetterQueue',
      'QueueOldestMessageAge',
      'SendingStatusDeadLetterQueue',
    ]);
  });

  it("grantConsume gives the worker's role receive, delete and change visibility on the queue only", () => {
    // Prepare
    let role: Role | undefined;

    // Act
    const { guard, resources } = build(WORKER, (stack, built) => {
      role = new Role(stack, 'Worker', { assumedBy: new ServicePrincipal('ecs-tasks.amazonaws.com') });
      built.grantConsume(role);
    });

    // Assess
    const policies = Object.values(resources).filter(
      (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === JSON.stringify([ref(role!)]),
    );
    expect(policies.map((p) => (p.Properties.PolicyDocument as { Statement: unknown[] }).Statement)).toEqual([
      [
        {
          Effect: 'Allow',
          Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
          Resource: getAtt(guard.externalReceiver!.queue!, 'Arn'),
        },
      ],
    ]);
  });

  it('grantConsume refuses when there is no queue for a worker', () => {
    // Act
    const grant = () =>
      build(HTTPS, (stack, guard) => guard.grantConsume(new Role(stack, 'Worker', { assumedBy: new ServicePrincipal('ecs-tasks.amazonaws.com') })));

    // Assess
    expect(grant).toThrow(/there is no queue for a worker/);
  });

  it('refuses an HTTPS subscriber in queue mode, a URL that is not https, and an external consumer in direct mode, in one error', () => {
    // Prepare
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Refused');
    let problems: readonly string[] = [];

    // Act
    try {
      new SesBounceGuard(stack, 'A', { deliveryMode: DeliveryMode.QUEUE, subscriber: { kind: 'https', url: 'http://mail.example.com/' } });
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidPropsError);
      problems = (error as InvalidPropsError).problems;
    }
    let direct: readonly string[] = [];
    try {
      new SesBounceGuard(stack, 'B', { queueOptions: { consumer: 'external' } });
    } catch (error) {
      direct = (error as InvalidPropsError).problems;
    }

    // Assess
    expect(problems).toEqual([
      "subscriber: an HTTPS endpoint is subscribed in direct mode; in queue mode a worker consumes the queue (queueOptions.consumer 'external')",
      'subscriber.url must be an https:// URL; got "http://mail.example.com/"',
    ]);
    expect(direct).toEqual(["queueOptions.consumer 'external' needs deliveryMode 'queue'"]);
  });
});
