import { describe, expect, it } from 'vitest';
import { parseImport } from '../../src/admin/parseImport';

describe('Function: parseImport', async () => {
  it('reads CSV by its header, normalising addresses and ignoring unknown columns', async () => {
    // Act
    const result = await parseImport(
      'status,email,reason,lastEventAt\nsuppressed,"Jane <JANE@example.com>",complaint,2026-01-01T00:00:00Z\nsoft,b@example.com,,\n',
      'csv',
    );

    // Assess
    expect(result).toEqual({
      entries: [
        { kind: 'event', line: 2, email: 'jane@example.com', reason: 'complaint', eventAt: '2026-01-01T00:00:00.000Z' },
        { kind: 'event', line: 3, email: 'b@example.com', reason: 'manual' },
      ],
      errors: [],
    });
  });

  it('reads JSONL, skipping blank lines but counting them', async () => {
    // Act
    const result = await parseImport('\n{"email":"a@example.com","eventAt":"2026-02-02T00:00:00.000Z"}\n', 'jsonl');

    // Assess
    expect(result.entries).toEqual([{ kind: 'event', line: 2, email: 'a@example.com', reason: 'manual', eventAt: '2026-02-02T00:00:00.000Z' }]);
  });

  it.each([
    ['csv', 'address\na@example.com\n', 1, 'the header has no "email" column (found: address)'],
    ['csv', 'email\n"a@example.com\n', 2, 'a quoted field is never closed'],
    ['csv', 'email\n\n', 1, 'the file holds no entries'],
    ['jsonl', '{"email":42}\n', 1, 'email is not a valid address (missing)'],
    [
      'jsonl',
      '{"email":"a@example.com","reason":"bounce"}\n{"email":"b@example.com","reason":7}\n',
      2,
      'reason must be one of bounce, complaint, transient_bounce, not_spam_complaint, manual, soft_bounce_threshold (got 7)',
    ],
    ['jsonl', '"a@example.com"\n', 1, 'not a JSON object'],
  ] as const)('reports a bad %s file: %j', async (format, text, line, message) => {
    // Act
    const result = await parseImport(text, format);

    // Assess
    expect(result.errors).toContainEqual({ line, message });
  });
});
