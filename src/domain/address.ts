import { domainToASCII } from 'node:url';

/** RFC 5321 limits a path to 256 octets including the angle brackets. */
const MAX_ADDRESS_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;

/**
 * Turns what SES reports as a recipient into the table's key, or `undefined` when it holds no
 * usable address.
 *
 * Takes the part inside the last `<...>` of a display-name form, trims it, lower-cases it and
 * writes an internationalised domain in its ASCII (punycode) form, so that `Jane <JANE@Bücher.de>`
 * and `jane@xn--bcher-kva.de` are one key.
 *
 * @example
 * normalizeAddress('"John Doe" <John@Example.COM>'); // 'john@example.com'
 */
function normalizeAddress(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  // Refuse absurd inputs before any scanning: nothing this long is an address.
  if (raw.length > 4 * MAX_ADDRESS_LENGTH) return undefined;
  const open = raw.lastIndexOf('<');
  const close = raw.lastIndexOf('>');
  const candidate = (open >= 0 && close > open ? raw.slice(open + 1, close) : raw).trim().toLowerCase();
  const at = candidate.lastIndexOf('@');
  if (at <= 0 || at === candidate.length - 1) return undefined;
  const local = candidate.slice(0, at);
  const domain = domainToASCII(candidate.slice(at + 1));
  if (!isLocalPart(local) || !isDomain(domain)) return undefined;
  const address = `${local}@${domain}`;
  return address.length <= MAX_ADDRESS_LENGTH ? address : undefined;
}

function isLocalPart(local: string): boolean {
  // Anything printable but the separators that would make the address ambiguous; UTF-8 local
  // parts (SMTPUTF8) are allowed.
  return local.length <= MAX_LOCAL_PART_LENGTH && !/[\s<>@,;"()[\]\\\u0000-\u001f\u007f]/u.test(local);
}

function isDomain(domain: string): boolean {
  if (domain === '' || domain.length > 253 || !domain.includes('.')) return false;
  return domain.split('.').every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label));
}

/**
 * A form of an address that is safe to log: the first character of the local part and the domain.
 * Works on any input, including ones that are not addresses at all: of those only the length is
 * shown, since what follows an `@` in an invalid one may be anything (a second address, a secret).
 *
 * @example
 * maskAddress('jane@example.com'); // 'j***@example.com'
 * maskAddress('jane@example.com@token=abc'); // '<invalid address, 26 chars>'
 */
function maskAddress(raw: unknown): string {
  if (typeof raw !== 'string') return `<${raw === null ? 'null' : typeof raw}>`;
  const at = raw.lastIndexOf('@');
  if (at <= 0 || raw.length > 4 * MAX_ADDRESS_LENGTH) return `<${raw.length} chars>`;
  if (normalizeAddress(raw) === undefined) return `<invalid address, ${raw.length} chars>`;
  const domain = raw.slice(at + 1, at + 1 + MAX_ADDRESS_LENGTH).replace(/[^\p{L}\p{N}.-]/gu, '?');
  return `${raw.slice(0, 1).replace(/[<"\s]/, '?')}***@${domain}`;
}

export { maskAddress, normalizeAddress };
