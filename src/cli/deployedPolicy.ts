import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { readPolicy } from '../contract/handlerEnvironment';
import { BounceGuardError } from '../domain/errors';
import { DEFAULT_POLICY, type SuppressionPolicy } from '../domain/policy';
import { describeError } from '../util/describeError';
import { UsageError } from './errors';
import type { CommandContext, OptionSpec } from './types';

/** Options of the commands whose writes depend on the policy (escalation, TTL): add, import, sync-ses. */
const POLICY_OPTIONS = {
  function: {
    type: 'string',
    value: '<name|arn>',
    description: 'the deployed bounce handler (name or ARN): its policy (escalation, TTL) is applied',
  },
  'default-policy': {
    type: 'boolean',
    description: 'apply the built-in default policy on purpose (one of --function and --default-policy is required)',
  },
  'lambda-endpoint': { type: 'string', value: '<url>', description: 'Lambda endpoint (for a local stand-in)' },
} as const satisfies Record<string, OptionSpec>;

/**
 * Checks, before anything runs, that the command has a policy source: `--function` or
 * `--default-policy` (exactly one). A write whose escalation and TTL silently follow the built-in
 * default, when the deployment turned escalation off or sets a TTL, would disagree with the handler.
 *
 * @throws UsageError when neither or both are given
 */
function requirePolicySource(context: Pick<CommandContext, 'values' | 'policy'>, command: string): void {
  if (context.policy !== undefined) return;
  const values = context.values;
  const named = typeof values.function === 'string' && values.function.trim() !== '';
  const byDefault = values['default-policy'] === true;
  if (named && byDefault) throw new UsageError('give one of --function and --default-policy, not both', command);
  if (!named && !byDefault) {
    throw new UsageError(
      `${command} writes fields that depend on the deployment's policy (soft-bounce escalation, TTL): pass --function <bounce handler> ` +
        `to apply the deployed one, or --default-policy to apply the built-in default (escalation at ${DEFAULT_POLICY.softBounceThreshold} ` +
        `soft bounces in ${DEFAULT_POLICY.softBounceWindowDays} days, no TTL) on purpose; nothing was written`,
      command,
    );
  }
}

/**
 * The policy the command's writes follow: the deployed handler's, read from its environment with
 * `GetFunctionConfiguration` (https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html,
 * `Environment.Variables`), or the built-in default when asked for with `--default-policy`.
 * Without either it refuses (see {@link requirePolicySource}): never the default silently.
 *
 * @throws UsageError when no policy source is given
 * @throws BounceGuardError when the function cannot be read or its policy is invalid
 */
async function deployedPolicy(context: CommandContext, command: string): Promise<SuppressionPolicy> {
  if (context.policy !== undefined) return context.policy;
  requirePolicySource(context, command);
  const name = context.values.function;
  if (typeof name !== 'string') return DEFAULT_POLICY;
  let variables: Record<string, string> | undefined;
  try {
    const lambda = new LambdaClient(context.clientSettings('lambda-endpoint'));
    variables = (await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }))).Environment?.Variables;
  } catch (error) {
    throw new BounceGuardError(`cannot read the policy of function ${name}: ${describeError(error)}; nothing was written`, { cause: error });
  }
  const problems: string[] = [];
  const policy = readPolicy(variables ?? {}, problems);
  if (problems.length > 0) throw new BounceGuardError(`function ${name} has an invalid policy (${problems.join('; ')}); nothing was written`);
  return policy;
}

export { deployedPolicy, POLICY_OPTIONS, requirePolicySource };
