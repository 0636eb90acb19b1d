import { BounceGuardError } from '../../src/domain/errors';

/** A construct's props cannot be built; `problems` lists every one of them, so all are fixed in one go. */
class InvalidPropsError extends BounceGuardError {
  readonly problems: readonly string[];

  constructor(construct: string, problems: readonly string[]) {
    super(`Invalid ${construct} props (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidPropsError';
    this.problems = problems;
  }
}

export { InvalidPropsError };
