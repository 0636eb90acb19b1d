/**
 * A count and its noun, singular for exactly one: `1 record`, `2 records`, `0 records`.
 *
 * @example
 * plural(1, 'line'); // '1 line'
 * plural(3, 'entry', 'entries'); // '3 entries'
 */
function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

export { plural };
