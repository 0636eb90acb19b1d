import { CfnOutput } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { OUTPUT_PREFIX_PATTERN, OutputName, outputKey } from '../../src/contract/stackOutputs';
import type { ApplicationEvents } from './ApplicationEvents';
import type { BounceHandler } from './BounceHandler';
import type { ExternalReceiver } from './ExternalReceiver';
import type { Monitoring } from './Monitoring';
import type { SesEventPipeline } from './SesEventPipeline';

/** Which outputs to emit: `true` names them after the construct's id. */
interface GuardOutputsOptions {
  /**
   * What every output key starts with: `--guard <prefix>` of `smoke-test`. Letters and digits only
   * (CloudFormation output keys are alphanumeric); `''` gives the bare names, as the standalone
   * stack has them.
   * @default - the construct's id (e.g. `BounceGuard` gives `BounceGuardTableName`)
   */
  readonly prefix?: string;
}

/** The parts of a guard whose names and addresses become outputs. */
interface GuardOutputsProps {
  readonly prefix: string;
  readonly tableName: string;
  readonly eventPipeline: SesEventPipeline;
  /** The function, unless a receiver outside it takes the events (`externalReceiver`). */
  readonly bounceHandler: BounceHandler | undefined;
  readonly externalReceiver: ExternalReceiver | undefined;
  readonly monitoring: Monitoring;
  readonly applicationEvents: ApplicationEvents | undefined;
}

/**
 * The stack outputs operators and the CLI read (`smoke-test`, the redrive recipes), each keyed
 * `<prefix><name>` (names in src/contract/stackOutputs.ts). Output keys are unique in a stack, so a
 * stack with two guards gives them two prefixes.
 */
class GuardOutputs extends Construct {
  constructor(scope: Construct, id: string, props: GuardOutputsProps) {
    super(scope, id);
    const { bounceHandler: handler, externalReceiver: external, applicationEvents: events } = props;
    const output = (name: OutputName, value: string, description: string) => {
      // The key is the contract, not the construct path: pin the logical id to it.
      new CfnOutput(this, name, { value, description }).overrideLogicalId(outputKey(props.prefix, name));
    };
    output(OutputName.TOPIC_ARN, props.eventPipeline.topic.topicArn, 'SNS topic SES publishes bounces and complaints to');
    output(OutputName.TABLE_NAME, props.tableName, 'DynamoDB suppression table');
    output(
      OutputName.CONFIGURATION_SET_NAME,
      props.eventPipeline.configurationSet.configurationSetName,
      'SES configuration set to send with (ConfigurationSetName or X-SES-CONFIGURATION-SET)',
    );
    const queue = handler?.queue ?? external?.queue;
    if (queue !== undefined) {
      output(
        OutputName.QUEUE_URL,
        queue.queueUrl,
        external === undefined ? 'The queue between the topic and the handler (queue mode)' : 'The queue your worker polls (worker --queue-url)',
      );
    }
    if (external?.url !== undefined)
      output(OutputName.SUBSCRIBER_URL, external.url, 'The HTTPS endpoint subscribed to the topic (it confirms the subscription)');
    // One name in both modes, so that runbooks and the redrive command need not know the mode; the
    // description says what its messages are.
    const processing = handler?.processingDeadLetterQueue ?? external?.processingDeadLetterQueue;
    if (processing !== undefined) {
      output(
        OutputName.PROCESSING_DEAD_LETTER_QUEUE_URL,
        processing.queueUrl,
        queue !== undefined
          ? "The queue's dead-letter queue: SNS envelopes that failed 5 receives (redrive --target <QueueUrl>)"
          : 'Invocation records of events the handler failed on after its retries (redrive --function <HandlerFunctionName>)',
      );
    }
    const delivery = handler?.deliveryDeadLetterQueue ?? external?.deliveryDeadLetterQueue;
    if (delivery !== undefined) {
      output(
        OutputName.DELIVERY_DEAD_LETTER_QUEUE_URL,
        delivery.queueUrl,
        external?.url === undefined
          ? 'Events SNS could not deliver to the handler or queue'
          : 'Events SNS could not deliver to the HTTPS endpoint within its retries',
      );
    }
    if (handler !== undefined)
      output(OutputName.HANDLER_FUNCTION_NAME, handler.function.functionName, 'The bounce handler function (redrive --function in direct mode)');
    output(
      OutputName.ALARM_TOPIC_ARN,
      props.monitoring.alarmTopic.topic.topicArn,
      'SNS topic every alarm notifies on ALARM (and the critical ones on OK, docs/monitoring.md): subscribe chat, paging or more addresses here',
    );
    if (events !== undefined) {
      output(OutputName.EVENT_BUS_NAME, events.eventBus.eventBusName, 'EventBridge bus of the application events (source ses-bounce-guard)');
      output(
        OutputName.CHANGE_EVENTS_FUNCTION_NAME,
        events.function.functionName,
        "The function that reads the table's stream (the smoke test checks its mapping reads the current stream)",
      );
      if (events.webhookSecret !== undefined)
        output(OutputName.WEBHOOK_SECRET_ARN, events.webhookSecret.secretArn, 'The secret the webhook receives in its X-Ses-Bounce-Guard-Secret header');
    }
  }
}

/** The prefix `outputs` asks for, `undefined` when off. */
function resolveOutputsPrefix(outputs: boolean | GuardOutputsOptions | undefined, constructId: string): string | undefined {
  if (outputs === undefined || outputs === false) return undefined;
  return outputs === true ? constructId : (outputs.prefix ?? constructId);
}

/** What is wrong with `outputs`, for the construct's one InvalidPropsError. */
function outputsProblems(outputs: boolean | GuardOutputsOptions | undefined, constructId: string): string[] {
  const prefix = resolveOutputsPrefix(outputs, constructId);
  if (prefix === undefined || OUTPUT_PREFIX_PATTERN.test(prefix)) return [];
  const given = typeof outputs === 'object' && outputs.prefix !== undefined;
  return [
    `outputs: the prefix ${JSON.stringify(prefix)}${given ? '' : " (the construct's id)"} must be letters and digits only (CloudFormation output keys are alphanumeric)${given ? '' : ': pass outputs.prefix'}`,
  ];
}

export type { GuardOutputsOptions, GuardOutputsProps };
export { GuardOutputs, outputsProblems, resolveOutputsPrefix };
