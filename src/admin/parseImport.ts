import { normalizeAddress } from '../domain/address';
import type { SuppressionReason } from '../domain/constants';
import type { SuppressionRecord } from '../domain/types';
import { csvUnescape, parseCsv } from './csv';
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
 * before a leading `=`, `+`, `-`, `@` or `'`.
 *
 * @example
 * parseImport('{"email":"a@example.com","reason":"complaint"}\nnot json\n', 'jsonl').errors;
 * // [{ line: 2, message: 'not a JSON object' }]
 */
function parseImport(text: string, format: ImportFormat): ImportParse {
  const entries: ImportEntry[] = [];
  const errors: ImportError[] = [];
  const raw = format === ImportFormat.CSV ? csvObjects(text) : format === ImportFormat.JSON ? jsonArrayObjects(text) : jsonlObjects(text);
  for (const { line, fields, error } of raw) {
    if (error !== undefined) {
      errors.push({ line, message: error });
      continue;
    }
    const result = entryOf(line, fields ?? {});
    if ('message' in result) errors.push(result);
    else entries.push(result);
  }
  if (entries.length === 0 && errors.length === 0) errors.push({ line: 1, message: 'the file holds no entries' });
  return { entries, errors };
}

type RawLine = { line: number; fields?: Record<string, unknown>; error?: string };

function csvObjects(text: string): RawLine[] {
  let rows;
  try {
    rows = parseCsv(text);
  } catch (error) {
    const match = /^line (\d+): (.*)$/.exec((error as Error).message);
    return [{ line: Number(match?.[1] ?? 1), error: match?.[2] ?? String(error) }];
  }
  const [header, ...data] = rows;
  if (header === undefined) return [];
  const columns = header.fields.map((name) => name.trim());
  if (!columns.includes('email')) return [{ line: header.line, error: `the header has no "email" column (found: ${columns.join(', ')})` }];
  return data.map(({ line, fields }) =>
    fields.length > columns.length
      ? { line, error: `${fields.length} fields, but the header names ${columns.length}` }
      : { line, fields: Object.fromEntries(columns.map((name, i) => [name, csvUnescape(fields[i] ?? '')])) },
  );
}

function jsonlObjects(text: string): RawLine[] {
  const lines: RawLine[] = [];
  text.split(/\r?\n/).forEach((content, i) => {
    if (content.trim() === '') return;
    try {
      const value: unknown = JSON.parse(content);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) lines.push({ line: i + 1, error: 'not a JSON object' });
      else lines.push({ line: i + 1, fields: value as Record<string, unknown> });
    } catch {
      lines.push({ line: i + 1, error: 'not a JSON object' });
    }
  });
  return lines;
}

/** A JSON array of objects; the "line" of an entry is its 1-based position in the array. */
function jsonArrayObjects(text: string): RawLine[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return [{ line: 1, error: `not JSON: ${(error as Error).message}` }];
  }
  if (!Array.isArray(value)) return [{ line: 1, error: 'not a JSON array' }];
  return value.map((entry: unknown, i) =>
    typeof entry === 'object' && entry !== null && !Array.isArray(entry)
      ? { line: i + 1, fields: entry as Record<string, unknown> }
      : { line: i + 1, error: 'not a JSON object' },
  );
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
  if (given !== undefined && given !== '' && given !== implied) {
    return { line, message: `status ${JSON.stringify(given)} contradicts reason ${rawReason} (a ${rawReason} line makes a ${implied} record)` };
  }
  const rawTime = fields.eventAt ?? fields.lastEventAt;
  if (rawTime === undefined || rawTime === '') return { kind: 'event', line, email, reason: rawReason as SuppressionReason };
  const time = typeof rawTime === 'string' ? Date.parse(rawTime) : Number.NaN;
  if (Number.isNaN(time)) return { line, message: `eventAt is not an ISO 8601 time (got ${JSON.stringify(rawTime)})` };
  return { kind: 'event', line, email, reason: rawReason as SuppressionReason, eventAt: new Date(time).toISOString() };
}

export type { EventEntry, ImportEntry, ImportError, ImportParse, RecordEntry };
export { ImportFormat, parseImport };
