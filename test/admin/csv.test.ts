import { describe, expect, it } from 'vitest';
import { csvField, csvUnescape, parseCsv } from '../../src/admin/csv';

describe('Function: parseCsv', () => {
  it('splits records, unquotes fields and numbers each record by the line it starts on', () => {
    // Act
    const rows = parseCsv('email,note\r\n"a@b.com","say ""hi"", then\nleave"\n\nc@d.com,plain\n');

    // Assess
    expect(rows).toEqual([
      { line: 1, fields: ['email', 'note'] },
      { line: 2, fields: ['a@b.com', 'say "hi", then\nleave'] },
      { line: 5, fields: ['c@d.com', 'plain'] },
    ]);
  });

  it('keeps a last line without a line break, and empty fields', () => {
    // Act & Assess
    expect(parseCsv('a,,c')).toEqual([{ line: 1, fields: ['a', '', 'c'] }]);
  });

  it('names the line of a quoted field that never closes', () => {
    // Act & Assess
    expect(() => parseCsv('email\n"a@b.com\n')).toThrow('line 2: a quoted field is never closed');
  });
});

describe('Function: csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=1+1', "'=1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['-5', '-5'],
    [3, '3'],
    [undefined, ''],
  ])('writes %j as %s', (value, expected) => {
    // Act & Assess
    expect(csvField(value)).toBe(expected);
  });

  it('round-trips through parseCsv', () => {
    // Prepare
    const values = ['x', 'a,b', 'multi\nline "quoted"'];

    // Act
    const [row] = parseCsv(values.map(csvField).join(','));

    // Assess
    expect(row?.fields).toEqual(values);
  });
});

describe('Function: csvField (formula triggers)', () => {
  it.each([
    ['-1+1', "'-1+1"],
    ["-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"],
    ['\tcmd', "'\tcmd"],
    ['\r=1', `"'\r=1"`],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['+1', "'+1"],
    ['-0.25', '-0.25'],
  ])('neutralises %j and restores it exactly', (value, written) => {
    // Act
    const field = csvField(value);
    const [row] = parseCsv(field);

    // Assess
    expect(field).toBe(written);
    expect(csvUnescape(row?.fields[0] ?? '')).toBe(value);
  });
});
