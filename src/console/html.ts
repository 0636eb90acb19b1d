/**
 * HTML that is safe to send as it is: built only by {@link html}, which escapes every value it did
 * not build itself. Everything the console shows (addresses, display names, diagnostic codes from a
 * remote mail server, notes) is text someone else chose, so no value reaches a page unescaped.
 */
class SafeHtml {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' } as const;

/**
 * Text as HTML: safe in element content and in quoted attribute values.
 *
 * @example
 * escapeHtml('<img src=x onerror=alert(1)>'); // '&lt;img src=x onerror=alert(1)&gt;'
 */
function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (c) => ENTITIES[c as keyof typeof ENTITIES]);
}

function part(value: unknown): string {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(part).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(value);
}

/**
 * A template of HTML whose values are escaped (arrays joined, `undefined`, `null` and `false`
 * left out); values made by `html` itself are inserted as they are.
 *
 * @example
 * html`<td>${record.email}</td>`; // the address escaped
 */
function html(strings: TemplateStringsArray, ...values: readonly unknown[]): SafeHtml {
  let text = strings[0] ?? '';
  for (const [i, value] of values.entries()) text += part(value) + (strings[i + 1] ?? '');
  return new SafeHtml(text);
}

export { escapeHtml, html, SafeHtml };
