import { describe, expect, it } from 'vitest';
import { maskAddress, normalizeAddress } from '../../src/domain/address';

describe('Function: normalizeAddress', () => {
  it.each([
    ['recipient@example.com', 'recipient@example.com'],
    ['  Jane@Example.COM  ', 'jane@example.com'],
    ['"John Doe" <John@Example.com>', 'john@example.com'],
    ['Jane Doe <jane@example.com>', 'jane@example.com'],
    ['"Doe, Jane <ops>" <jane@example.com>', 'jane@example.com'],
    ['jane+tag@sub.example.co.uk', 'jane+tag@sub.example.co.uk'],
    ['JÖRG@Bücher.de', 'jörg@xn--bcher-kva.de'],
    ['jane@xn--bcher-kva.de', 'jane@xn--bcher-kva.de'],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normalizeAddress(raw)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['jane', 'no @'],
    ['@example.com', 'no local part'],
    ['jane@', 'no domain'],
    ['jane@localhost', 'a domain with no dot'],
    ['jane doe@example.com', 'a space in the local part'],
    ['jane@exa mple.com', 'a space in the domain'],
    ['jane@-example.com', 'a label starting with a hyphen'],
    ['jane@example..com', 'an empty label'],
    ['John <>', 'empty angle brackets'],
    [`${'a'.repeat(65)}@example.com`, 'a local part over 64 characters'],
    [`${'a'.repeat(1_000_000)}@example.com`, 'a megabyte'],
    [null, 'null'],
    [42, 'a number'],
    [['a@example.com'], 'an array'],
  ] as [unknown, string][])('rejects %j (%s)', (raw) => {
    expect(normalizeAddress(raw)).toBeUndefined();
  });
});

describe('Function: maskAddress', () => {
  it('keeps the first character and the domain only', () => {
    expect(maskAddress('jane@example.com')).toBe('j***@example.com');
  });

  it('never echoes a long or odd input', () => {
    expect(maskAddress('x'.repeat(1_000_000))).toBe('<1000000 chars>');
    expect(maskAddress('no-at-sign')).toBe('<10 chars>');
    expect(maskAddress(null)).toBe('<null>');
    expect(maskAddress({ a: 1 })).toBe('<object>');
  });

  it('never shows what follows the last @ of an invalid address', () => {
    // Act
    const masked = ['jane@example.com@secret-token', 'a b@private.example', 'x@', '"Jane" <jane@bad domain>'].map(maskAddress);

    // Assess
    for (const m of masked) expect(m).toMatch(/^<invalid address, \d+ chars>$|^<\d+ chars>$/);
    expect(masked.join(' ')).not.toMatch(/secret|private|bad domain/);
  });
});
