/** One CSV record and the line it starts on (1-based), for error messages. */
interface CsvRow {
  readonly line: number;
  readonly fields: string[];
}

/**
 * Splits CSV text (RFC 4180: quoted fields may hold commas, quotes as `""`, and line breaks) into
 * records, each with the line it starts on. Blank lines are skipped.
 *
 * @example
 * parseCsv('email,reason\n"a@b.com",manual\n'); // [{ line: 1, fields: ['email','reason'] }, { line: 2, fields: ['a@b.com','manual'] }]
 * @throws Error naming the line of an unterminated quoted field
 */
function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowStart = 1;
  let rowHasContent = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line++;
        field += char;
      }
      continue;
    }
    if (char === '"' && field === '') {
      quoted = true;
      rowHasContent = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
      rowHasContent = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      if (rowHasContent || field !== '') rows.push({ line: rowStart, fields: [...fields, field] });
      fields = [];
      field = '';
      rowHasContent = false;
      line++;
      rowStart = line;
    } else {
      field += char;
      rowHasContent = true;
    }
  }
  if (quoted) throw new Error(`line ${rowStart}: a quoted field is never closed`);
  if (rowHasContent || field !== '') rows.push({ line: rowStart, fields: [...fields, field] });
  return rows;
}

/**
 * One CSV field, quoted when it must be. Fields starting with `=`, `+`, `-` or `@` are prefixed
 * with `'` so that a spreadsheet never runs them as formulas (diagnostic codes come from strangers);
 * so are fields starting with `'`, so that {@link csvUnescape} can tell the prefix from the value.
 */
function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (/^[=+\-@']/.test(text) && !/^-?\d/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The value {@link csvField} prefixed, back: one leading `'` before `=`, `+`, `-`, `@` or `'` is
 * removed, so that an export restores exactly. Other fields are returned as they are.
 *
 * @example
 * csvUnescape("'=HYPERLINK(x)"); // '=HYPERLINK(x)'
 */
function csvUnescape(field: string): string {
  return /^'[=+\-@']/.test(field) ? field.slice(1) : field;
}

export type { CsvRow };
export { csvField, csvUnescape, parseCsv };
