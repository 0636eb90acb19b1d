/**
 * The names of the stack outputs a deployment offers its operators and the CLI: the standalone stack
 * emits them as they are, a construct with `outputs` on emits them after a prefix. `smoke-test`
 * (and the redrive recipes of docs/operations.md) read them; nothing else spells them.
 */
const OutputName = {
  TOPIC_ARN: 'TopicArn',
  TABLE_NAME: 'TableName',
  CONFIGURATION_SET_NAME: 'ConfigurationSetName',
  QUEUE_URL: 'QueueUrl',
  SUBSCRIBER_URL: 'SubscriberUrl',
  PROCESSING_DEAD_LETTER_QUEUE_URL: 'ProcessingDeadLetterQueueUrl',
  DELIVERY_DEAD_LETTER_QUEUE_URL: 'DeliveryDeadLetterQueueUrl',
  HANDLER_FUNCTION_NAME: 'HandlerFunctionName',
  ALARM_TOPIC_ARN: 'AlarmTopicArn',
  EVENT_BUS_NAME: 'EventBusName',
  CHANGE_EVENTS_FUNCTION_NAME: 'ChangeEventsFunctionName',
  /** Only a second region's stack (`SesBounceGuardRegionStack`): the home region of its table. */
  TABLE_REGION: 'TableRegion',
  WEBHOOK_SECRET_ARN: 'WebhookSecretArn',
} as const;
type OutputName = (typeof OutputName)[keyof typeof OutputName];

/**
 * What an output's key may be: CloudFormation output logical ids are alphanumeric, at most 255
 * characters. https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/outputs-section-structure.html
 */
const OUTPUT_PREFIX_PATTERN = /^[A-Za-z0-9]{0,200}$/;

/** The key of an output of a guard whose outputs carry `prefix` (`''` for the standalone stack). */
function outputKey(prefix: string, name: OutputName): string {
  return `${prefix}${name}`;
}

export { OUTPUT_PREFIX_PATTERN, OutputName, outputKey };
