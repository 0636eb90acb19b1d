/** One CSV record and the line it starts on (1-based), for error messages. */
interface CsvRow {
  readonly line: number;
  readonly fields: string[];
}

/**
 * Reads CSV (RFC 4180: quoted fields may hold commas, quotes as `""`, and line breaks) one line at a
 * time, so that a file of any size is read in bounded memory: {@link CsvReader.push} returns the
 * record a line completes (none while a quoted field spans lines). Blank lines are skipped.
 *
 * @example
 * const reader = new CsvReader();
 * reader.push('"a@b.com","two', 1); // undefined: the quoted field goes on
 * reader.push('lines"', 2); // { line: 1, fields: ['a@b.com', 'two\nlines'] }
 */
class CsvReader {
  readonly #maxRecordChars: number;
  #fields: string[] = [];
  #field = '';
  #quoted = false;
  #rowStart = 0;
  #hasContent = false;
  #chars = 0;

  /** @param maxRecordChars - the longest record (all its lines) accepted */
  constructor(maxRecordChars = Number.POSITIVE_INFINITY) {
    this.#maxRecordChars = maxRecordChars;
  }

  /**
   * Feeds one line, without its `\n` (a CR before it is taken as part of the line break).
   * @throws Error `line <n>: ...` for a record longer than the limit
   */
  push(text: string, line: number): CsvRow | undefined {
    if (this.#quoted) this.#field += '\n';
    else {
      this.#rowStart = line;
      this.#fields = [];
      this.#field = '';
      this.#hasContent = false;
      this.#chars = 0;
    }
    this.#chars += text.length + 1;
    if (this.#chars > this.#maxRecordChars) {
      this.#quoted = false;
      throw new Error(`line ${this.#rowStart}: the record is longer than ${this.#maxRecordChars} characters`);
    }
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (this.#quoted) {
        if (char === '"' && text[i + 1] === '"') {
          this.#field += '"';
          i++;
        } else if (char === '"') this.#quoted = false;
        else this.#field += char;
      } else if (char === '"' && this.#field === '') {
        this.#quoted = true;
        this.#hasContent = true;
      } else if (char === ',') {
        this.#fields.push(this.#field);
        this.#field = '';
        this.#hasContent = true;
      } else {
        this.#field += char;
        this.#hasContent = true;
      }
    }
    if (this.#quoted) return undefined;
    // A CRLF line break: the CR outside quotes ends the line (inside quotes it is kept as content).
    if (text.endsWith('\r') && this.#field.endsWith('\r')) this.#field = this.#field.slice(0, -1);
    return this.#hasContent || this.#field !== '' ? { line: this.#rowStart, fields: [...this.#fields, this.#field] } : undefined;
  }

  /** @throws Error naming the line of a quoted field never closed */
  end(): void {
    if (this.#quoted) throw new Error(`line ${this.#rowStart}: a quoted field is never closed`);
  }
}

/**
 * Splits CSV text into records, each with the line it starts on (see {@link CsvReader}).
 *
 * @example
 * parseCsv('email,reason\n"a@b.com",manual\n'); // [{ line: 1, fields: ['email','reason'] }, { line: 2, fields: ['a@b.com','manual'] }]
 * @throws Error naming the line of an unterminated quoted field
 */
function parseCsv(text: string): CsvRow[] {
  const reader = new CsvReader();
  const rows: CsvRow[] = [];
  text.split('\n').forEach((content, i) => {
    const row = reader.push(content, i + 1);
    if (row !== undefined) rows.push(row);
  });
  reader.end();
  return rows;
}

/**
 * What a spreadsheet may run as a formula: a field starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return (https://owasp.org/www-community/attacks/CSV_Injection). Only a whole negative
 * number (`-5`, `-0.25`) is left as it is: `-1+1` and `-2+3+cmd|' /C calc'!A0` are formulas.
 * A leading `'` is a trigger too, so that {@link csvUnescape} can tell the prefix from the value.
 */
const FORMULA_TRIGGER = /^[=+\-@\t\r']/;
const NEGATIVE_NUMBER = /^-\d+(\.\d+)?$/;

/**
 * One CSV field, quoted when it must be. A field starting with a formula trigger (diagnostic codes
 * come from strangers) is prefixed with `'`, so that a spreadsheet shows it as text.
 *
 * @example
 * csvField('-2+3+cmd|x'); // "'-2+3+cmd|x"
 */
function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (FORMULA_TRIGGER.test(text) && !NEGATIVE_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The value {@link csvField} prefixed, back: one leading `'` before a formula trigger is removed,
 * so that an export restores exactly. Other fields are returned as they are.
 *
 * @example
 * csvUnescape("'=HYPERLINK(x)"); // '=HYPERLINK(x)'
 */
function csvUnescape(field: string): string {
  return field.startsWith("'") && FORMULA_TRIGGER.test(field.slice(1)) ? field.slice(1) : field;
}

export type { CsvRow };
export { CsvReader, csvField, csvUnescape, parseCsv };
