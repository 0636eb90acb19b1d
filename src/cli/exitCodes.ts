/**
 * The CLI's exit codes.
 *
 * `check` exits with `SUPPRESSED` rather than `FAILED` when it finds a suppressed address, so that
 * a script can tell "do not send" from "could not check":
 * `ses-bounce-guard check "$to" && send-mail "$to"` sends only when the address is clear.
 * When results are mixed, the code that means "do not send" wins: `check` exits `SUPPRESSED` when any
 * address is suppressed, even beside one that is not an address (reported on stderr), and `USAGE`
 * only when nothing is suppressed.
 *
 * @example
 * process.exitCode = ExitCode.USAGE;
 */
const ExitCode = {
  /** Done; for `check`, no address is suppressed. */
  OK: 0,
  /** The operation failed or was refused: table unreachable or missing, nothing to remove, bad import lines. Nothing was changed, unless the message says so. */
  FAILED: 1,
  /** The command line is wrong: unknown command or option, missing argument, an address that is not one. */
  USAGE: 2,
  /** `check` only: at least one address is suppressed (whatever the other arguments are). */
  SUPPRESSED: 3,
} as const;
type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export { ExitCode };
