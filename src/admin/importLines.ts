import { createReadStream } from 'node:fs';
import { CsvReader, csvUnescape } from './csv';
import type { ImportFormat } from './parseImport';

/**
 * The longest line (or CSV record) an import reads, in bytes. An exported record is a few KB (a
 * DynamoDB item is at most 400 KB); past this a line is refused with its number instead of being
 * held in memory.
 */
const MAX_LINE_BYTES = 1024 * 1024;

/** The largest `--format json` file (one array, parsed whole): larger lists go as JSONL. */
const MAX_JSON_BYTES = 64 * 1024 * 1024;

/** One line of an import, decoded, or what is wrong with it. */
type TextLine = { readonly line: number; readonly text: string } | { readonly line: number; readonly error: string };

/** One line's fields, or what is wrong with it. */
type RawLine = { readonly line: number; readonly fields?: Record<string, unknown>; readonly error?: string };

const BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * Splits bytes into lines at `\n` (a byte that never occurs inside a UTF-8 sequence) and decodes
 * each with a fatal decoder, so that invalid UTF-8 is refused with its line number instead of
 * becoming U+FFFD (https://developer.mozilla.org/en-US/docs/Web/API/TextDecoder/fatal). A leading
 * byte-order mark is dropped. A line over `maxLineBytes` is reported and skipped without being held.
 */
async function* decodeLines(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<TextLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let line = 1;
  let first = true;
  const finish = (): TextLine => {
    const bytes = Buffer.concat(parts, size);
    parts = [];
    size = 0;
    const current = line++;
    if (tooLong) {
      tooLong = false;
      return { line: current, error: `the line is longer than ${maxLineBytes} bytes` };
    }
    const start = first && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2] ? 3 : 0;
    first = false;
    try {
      return { line: current, text: decoder.decode(bytes.subarray(start)) };
    } catch {
      return { line: current, error: 'not valid UTF-8 (save the file as UTF-8)' };
    }
  };
  const add = (chunk: Buffer): void => {
    if (tooLong) return;
    if (size + chunk.length > maxLineBytes) {
      tooLong = true;
      parts = [];
      size = 0;
      return;
    }
    parts.push(chunk);
    size += chunk.length;
  };
  for await (const raw of source) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    let from = 0;
    for (let at = chunk.indexOf(0x0a, from); at !== -1; at = chunk.indexOf(0x0a, from)) {
      add(chunk.subarray(from, at));
      yield finish();
      from = at + 1;
    }
    if (from < chunk.length) add(Buffer.from(chunk.subarray(from)));
  }
  if (size > 0 || tooLong) yield finish();
}

/** The lines of a file, streamed (see {@link decodeLines}). */
function fileLines(path: string): AsyncGenerator<TextLine> {
  return decodeLines(createReadStream(path, { highWaterMark: 64 * 1024 }));
}

/**
 * The fields of each line of an import, in order, streamed: CSV (with a header; quoted fields may
 * span lines), JSON Lines, or one JSON array (read whole, up to {@link MAX_JSON_BYTES}).
 */
async function* importLines(lines: AsyncIterable<TextLine>, format: ImportFormat): AsyncGenerator<RawLine> {
  if (format === 'csv') yield* csvLines(lines);
  else if (format === 'jsonl') {
    for await (const line of lines) {
      if ('error' in line) yield line;
      else if (line.text.trim() !== '') yield jsonObjectLine(line.line, line.text);
    }
  } else yield* jsonArrayLines(lines);
}

async function* csvLines(lines: AsyncIterable<TextLine>): AsyncGenerator<RawLine> {
  const reader = new CsvReader(MAX_LINE_BYTES);
  let columns: string[] | undefined;
  for await (const line of lines) {
    if ('error' in line) {
      yield line;
      continue;
    }
    let row;
    try {
      row = reader.push(line.text, line.line);
    } catch (error) {
      yield lineError(error, line.line);
      return; // the record boundaries are lost: what follows would be misread
    }
    if (row === undefined) continue;
    if (columns === undefined) {
      columns = row.fields.map((name) => name.trim());
      if (!columns.includes('email')) {
        yield { line: row.line, error: `the header has no "email" column (found: ${columns.join(', ')})` };
        return;
      }
      continue;
    }
    const names = columns;
    yield row.fields.length > names.length
      ? { line: row.line, error: `${row.fields.length} fields, but the header names ${names.length}` }
      : { line: row.line, fields: Object.fromEntries(names.map((name, i) => [name, csvUnescape(row.fields[i] ?? '')])) };
  }
  try {
    reader.end();
  } catch (error) {
    yield lineError(error, 1);
  }
}

function jsonObjectLine(line: number, text: string): RawLine {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { line, fields: value as Record<string, unknown> };
  } catch {
    // reported below
  }
  return { line, error: 'not a JSON object' };
}

/** A JSON array of objects; the "line" of an entry is its 1-based position in the array. */
async function* jsonArrayLines(lines: AsyncIterable<TextLine>): AsyncGenerator<RawLine> {
  const texts: string[] = [];
  let size = 0;
  for await (const line of lines) {
    if ('error' in line) {
      yield line;
      return;
    }
    size += line.text.length + 1;
    if (size > MAX_JSON_BYTES) {
      yield { line: line.line, error: `a JSON array file is read whole, and this one is over ${MAX_JSON_BYTES} bytes: use JSONL (one object a line)` };
      return;
    }
    texts.push(line.text);
  }
  let value: unknown;
  try {
    value = JSON.parse(texts.join('\n'));
  } catch (error) {
    yield { line: 1, error: `not JSON: ${(error as Error).message}` };
    return;
  }
  if (!Array.isArray(value)) {
    yield { line: 1, error: 'not a JSON array' };
    return;
  }
  for (const [i, entry] of value.entries()) {
    yield typeof entry === 'object' && entry !== null && !Array.isArray(entry)
      ? { line: i + 1, fields: entry as Record<string, unknown> }
      : { line: i + 1, error: 'not a JSON object' };
  }
}

function lineError(error: unknown, fallback: number): RawLine {
  const match = /^line (\d+): (.*)$/.exec((error as Error).message);
  return { line: Number(match?.[1] ?? fallback), error: match?.[2] ?? String(error) };
}

export type { RawLine, TextLine };
export { decodeLines, fileLines, importLines, MAX_JSON_BYTES, MAX_LINE_BYTES };
