import { normalizeAddress } from '../domain/address';
import { UsageError } from './errors';

/** A string option that must be a positive integer. */
function positiveInteger(value: unknown, option: string, command: string): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${option} must be a positive integer (got ${JSON.stringify(value)})`, command);
  return n;
}

/** One of a fixed set of string values. */
function oneOf<T extends string>(value: unknown, allowed: readonly T[], option: string, command: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${option} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`, command);
  }
  return value as T;
}

/** The one address a command takes, normalised as the table keys it. */
function singleAddress(positionals: readonly string[], command: string): string {
  if (positionals.length !== 1) throw new UsageError(`${command} needs exactly one address (got ${positionals.length})`, command);
  const [address] = positionals as [string];
  const email = normalizeAddress(address);
  if (email === undefined) throw new UsageError(`"${address}" is not an email address`, command);
  return email;
}

export { oneOf, positiveInteger, singleAddress };
