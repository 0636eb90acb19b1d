import { BounceGuardError } from '../../src/domain/errors';

/** The CDK context holds settings the app cannot deploy; `problems` lists every one of them. */
class InvalidConfigError extends BounceGuardError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      `Invalid CDK context: cdk.json or -c (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'InvalidConfigError';
    this.problems = problems;
  }
}

export { InvalidConfigError };
