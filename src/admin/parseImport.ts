import { normalizeAddress } from '../domain/address';
import type { SuppressionReason } from '../domain/constants';
import type { SuppressionRecord } from '../domain/types';
import type { TextLine } from './importLines';
import { decodeLines, importLines } from './importLines';
import { OPERATOR_REASONS } from './operatorEvent';
import { RECORD_LINE_FIELDS, recordOf, statusOfReason } from './recordLine';

/** The formats `import` reads: CSV with a header, JSON Lines, or one JSON array (what `export --json` writes). */
const ImportFormat = { CSV: 'csv', JSONL: 'jsonl', JSON: 'json' } as const;
type ImportFormat = (typeof ImportFormat)[keyof typeof ImportFormat];

/** A line that suppresses an address: written as one operator event. */
interface EventEntry {
  readonly kind: 'event';
  readonly line: number;
  /** Normalised. */
  readonly email: string;
  readonly reason: SuppressionReason;
  /** The line's event time, ISO 8601, when it gave one. */
  readonly eventAt?: string;
}

/** A whole record, as `export` wrote it: restored as it was. */
interface RecordEntry {
  readonly kind: 'record';
  readonly line: number;
  readonly email: string;
  readonly record: SuppressionRecord;
}

/** One valid import line. */
type ImportEntry = EventEntry | RecordEntry;

/** A line that cannot be imported, and why. */
interface ImportError {
  readonly line: number;
  readonly message: string;
}

/** Every entry of a file, or every error in it: a file with any error imports nothing. */
type ImportParse = { readonly entries: ImportEntry[]; readonly errors: ImportError[] };

/**
 * Validates an import file line by line. A line is one of two kinds:
 *
 * - a suppression: `email` (required), `reason` (one of the suppression reasons; `manual` when
 *   absent) and an event time in `eventAt` or `lastEventAt` (ISO 8601; now when absent);
 * - a whole record, as `export` writes it: any of `source`, `firstEventAt` or `eventCount`
 *   makes it one, and then `status`, `reason`, `source`, `firstEventAt`,
 *   `lastEventAt` and `eventCount` are required (see `recordOf`).
 *
 * Other fields are ignored. CSV needs a header line; CSV fields lose the `'` that `export` put
 * before a formula trigger. The text must be UTF-8 (a byte-order mark is accepted in every format);
 * a line that is not, or is longer than `MAX_LINE_BYTES`, is an error of that line.
 *
 * @example
 * (await parseImport('{"email":"a@example.com","reason":"complaint"}\nnot json\n', 'jsonl')).errors;
 * // [{ line: 2, message: 'not a JSON object' }]
 */
async function parseImport(text: string | Uint8Array, format: ImportFormat): Promise<ImportParse> {
  const entries: ImportEntry[] = [];
  const errors: ImportError[] = [];
  for await (const result of importEntriesOf(decodeLines([typeof text === 'string' ? Buffer.from(text) : text]), format)) {
    if ('message' in result) errors.push(result);
    else entries.push(result);
  }
  if (entries.length === 0 && errors.length === 0) errors.push({ line: 1, message: 'the file holds no entries' });
  return { entries, errors };
}

/**
 * The entries of an import, streamed in file order, each valid one or the error of its line: what
 * `import` reads a file of any size with.
 *
 * @example
 * for await (const entry of importEntriesOf(fileLines(path), 'jsonl')) if ('message' in entry) console.error(entry.line, entry.message);
 */
async function* importEntriesOf(lines: AsyncIterable<TextLine>, format: ImportFormat): AsyncGenerator<ImportEntry | ImportError> {
  for await (const { line, fields, error } of importLines(lines, format)) {
    yield error !== undefined ? { line, message: error } : entryOf(line, fields ?? {});
  }
}

function entryOf(line: number, fields: Record<string, unknown>): ImportEntry | ImportError {
  const email = normalizeAddress(fields.email);
  if (email === undefined) {
    const given = typeof fields.email === 'string' && fields.email !== '' ? `"${fields.email.slice(0, 80)}"` : 'missing';
    return { line, message: `email is not a valid address (${given})` };
  }
  if (RECORD_LINE_FIELDS.some((field) => fields[field] !== undefined && fields[field] !== '')) {
    const result = recordOf(email, fields);
    return typeof result === 'string' ? { line, message: result } : { kind: 'record', line, email, record: result };
  }
  const rawReason = fields.reason === undefined || fields.reason === '' ? 'manual' : fields.reason;
  if (typeof rawReason !== 'string' || !(OPERATOR_REASONS as readonly string[]).includes(rawReason)) {
    return { line, message: `reason must be one of ${OPERATOR_REASONS.join(', ')} (got ${JSON.stringify(rawReason)})` };
  }
  const given = fields.status;
  const implied = statusOfReason(rawReason as SuppressionReason);
  // Only against a reason the line gives: a hand-made list's status beside the default reason is ignored as before.
  if (rawReason === fields.reason && given !== undefined && given !== '' && given !== implied) {
    return { line, message: `status ${JSON.stringify(given)} contradicts reason ${rawReason} (a ${rawReason} line makes a ${implied} record)` };
  }
  const rawTime = fields.eventAt ?? fields.lastEventAt;
  if (rawTime === undefined || rawTime === '') return { kind: 'event', line, email, reason: rawReason as SuppressionReason };
  const time = typeof rawTime === 'string' ? Date.parse(rawTime) : Number.NaN;
  if (Number.isNaN(time)) return { line, message: `eventAt is not an ISO 8601 time (got ${JSON.stringify(rawTime)})` };
  return { kind: 'event', line, email, reason: rawReason as SuppressionReason, eventAt: new Date(time).toISOString() };
}

export type { EventEntry, ImportEntry, ImportError, ImportParse, RecordEntry };
export { ImportFormat, importEntriesOf, parseImport };
