/**
 * How far after the handler's clock an SES event time may lie: clocks differ a little, and an
 * event a few minutes "ahead" is honest. 15 minutes.
 */
const MAX_CLOCK_SKEW_MS = 15 * 60_000;

/**
 * The earliest event time accepted: Amazon SES opened in January 2011, so no SES event is older.
 * A fixed floor rather than one relative to the clock, so that a dead-lettered message redriven
 * weeks later keeps its real time (and an operator's release keeps winning over it).
 */
const EARLIEST_EVENT_AT = '2011-01-01T00:00:00.000Z';

/** Why an event's time was moved into the window. */
type ClampReason = 'future' | 'before-mail' | 'too-old';

/** An event time in the window, and what was done to get it there. */
interface BoundedTime {
  /** ISO 8601 UTC, always with a four-digit year (so it sorts as a string). */
  readonly eventAt: string;
  /** Set when the reported time lay outside the window. */
  readonly clamped?: { readonly reason: ClampReason; readonly reported: string };
}

/**
 * Moves an event's time into the window the table accepts: not after `now` plus
 * {@link MAX_CLOCK_SKEW_MS} (then it becomes `now`), not before the mail was sent
 * (`mail.timestamp`; then it becomes that), and not before {@link EARLIEST_EVENT_AT} (then it
 * becomes that). A time far in the future would pin `lastEventAt` and the TTL there, and a year
 * after 9999 breaks string order; a time before the mail was sent cannot be true.
 *
 * @param mailAt - `mail.timestamp`, ignored unless it lies in the window itself
 * @example
 * boundEventTime('2099-01-01T00:00:00.000Z', undefined, new Date('2026-01-01T00:00:00Z')).eventAt; // '2026-01-01T00:00:00.000Z'
 */
function boundEventTime(eventAt: string, mailAt: string | undefined, now: Date): BoundedTime {
  const reported = Date.parse(eventAt);
  const latest = now.getTime() + MAX_CLOCK_SKEW_MS;
  const earliest = Date.parse(EARLIEST_EVENT_AT);
  const mail = mailAt === undefined ? Number.NaN : Date.parse(mailAt);
  const sent = mail >= earliest && mail <= latest ? mail : undefined;
  if (Number.isNaN(reported) || reported > latest) return clamp(now.getTime(), 'future', eventAt);
  if (sent !== undefined && reported < sent) return clamp(sent, 'before-mail', eventAt);
  if (reported < earliest) return clamp(earliest, 'too-old', eventAt);
  return { eventAt: new Date(reported).toISOString() };
}

function clamp(time: number, reason: ClampReason, reported: string): BoundedTime {
  return { eventAt: new Date(time).toISOString(), clamped: { reason, reported } };
}

export type { BoundedTime, ClampReason };
export { boundEventTime, EARLIEST_EVENT_AT, MAX_CLOCK_SKEW_MS };
