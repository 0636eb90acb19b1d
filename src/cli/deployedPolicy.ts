import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { readPolicy } from '../contract/handlerEnvironment';
import { BounceGuardError } from '../domain/errors';
import { DEFAULT_POLICY, type SuppressionPolicy } from '../domain/policy';
import { describeError } from '../util/describeError';
import type { CommandContext, OptionSpec } from './types';

/** Options of the commands whose writes depend on the policy (escalation, TTL): add, import, sync-ses. */
const POLICY_OPTIONS = {
  function: {
    type: 'string',
    value: '<name|arn>',
    description: 'the deployed bounce handler (name or ARN): its policy (escalation, TTL) is applied',
  },
  'default-policy': { type: 'boolean', description: 'apply the built-in default policy on purpose (no --function)' },
  'lambda-endpoint': { type: 'string', value: '<url>', description: 'Lambda endpoint (for a local stand-in)' },
} as const satisfies Record<string, OptionSpec>;

/**
 * The policy the command's writes follow: the deployed handler's, read from its environment with
 * `GetFunctionConfiguration` (https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html,
 * `Environment.Variables`), or the built-in default when asked for with `--default-policy`.
 * Without either, the default applies and a note on stderr says so: never silently.
 *
 * @throws BounceGuardError when the function cannot be read or its policy is invalid
 */
async function deployedPolicy(context: CommandContext, command: string): Promise<SuppressionPolicy> {
  const name = context.values.function;
  if (typeof name !== 'string' || name.trim() === '') {
    if (context.values['default-policy'] !== true) {
      context.io.stderr.write(
        `note: ${command} applies the built-in default policy (escalation at ${DEFAULT_POLICY.softBounceThreshold} soft bounces in ${DEFAULT_POLICY.softBounceWindowDays} days, no TTL); ` +
          'pass --function <bounce handler> to apply the deployed one, or --default-policy to mean it\n',
      );
    }
    return DEFAULT_POLICY;
  }
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

export { deployedPolicy, POLICY_OPTIONS };
