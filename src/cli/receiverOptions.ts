import { DEFAULT_CONFIGURATION_SET } from '../sender/constants';
import { UsageError } from './errors';
import type { CommandContext, OptionSpec } from './types';

/** The environment variable naming the topic when `--topic-arn` is not given. */
const TOPIC_ENV = 'TOPIC_ARN';

/** Options of the commands that process SES events (`serve`, `worker`). */
const RECEIVER_OPTIONS = {
  'topic-arn': { type: 'string', value: '<arn>', description: `the SES events topic; others are rejected (default: $${TOPIC_ENV})` },
  'configuration-set': {
    type: 'string',
    value: '<name>',
    description: `the SES configuration set; events of others are rejected (default: ${DEFAULT_CONFIGURATION_SET})`,
  },
} as const satisfies Record<string, OptionSpec>;

/** The receiver's topic and configuration set from the options; a usage error when the topic is missing. */
function receiverSettings(context: CommandContext, command: string): { topicArn: string; configurationSetName: string } {
  const topic = typeof context.values['topic-arn'] === 'string' ? context.values['topic-arn'] : context.io.env[TOPIC_ENV];
  if (topic === undefined || topic.trim() === '') throw new UsageError(`no topic: pass --topic-arn <arn> or set ${TOPIC_ENV}`, command);
  const set = context.values['configuration-set'];
  if (set !== undefined && (typeof set !== 'string' || set.trim() === '')) throw new UsageError('--configuration-set needs a name', command);
  return { topicArn: topic.trim(), configurationSetName: typeof set === 'string' ? set.trim() : DEFAULT_CONFIGURATION_SET };
}

export { RECEIVER_OPTIONS, receiverSettings, TOPIC_ENV };
