/** The tag SES event publishing adds to `mail.tags`: a list holding the configuration set's name. */
const CONFIGURATION_SET_TAG = 'ses:configuration-set';

/**
 * Checks the configuration set an SES event names, when it names one: every value of
 * `mail.tags["ses:configuration-set"]` must be one of the accepted configuration sets (the
 * stack's, and tenants' own sets publishing to its topic: a tenant has configuration sets of its
 * own, https://docs.aws.amazon.com/ses/latest/dg/tenants.html). Identity
 * notifications carry no such tag and pass. A tag that is present but not a list of strings is a
 * problem, not an absence: a forged event must not slip through by spelling the tag oddly.
 *
 * Reads the raw parsed `Message`, not the parsed SES event, so that it sees the tag exactly as sent.
 *
 * @param message - the envelope's `Message`, parsed once more from its JSON string
 * @param expected - the accepted configuration set name, or names
 * @returns why the event is refused, or `undefined` when it passes
 */
function checkConfigurationSet(message: unknown, expected: string | readonly string[]): string | undefined {
  const accepted: readonly string[] = typeof expected === 'string' ? [expected] : expected;
  const tags = property(property(message, 'mail'), 'tags');
  if (tags === undefined || !Object.hasOwn(tags, CONFIGURATION_SET_TAG)) return undefined;
  const names = (tags as Record<string, unknown>)[CONFIGURATION_SET_TAG];
  if (!Array.isArray(names) || names.length === 0 || !names.every((name) => typeof name === 'string')) {
    return 'configuration-set tag is not a list of names';
  }
  return names.every((name) => accepted.includes(name)) ? undefined : "configuration set is not the stack's configuration set";
}

function property(value: unknown, key: string): object | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const child = (value as Record<string, unknown>)[key];
  return typeof child === 'object' && child !== null && !Array.isArray(child) ? child : undefined;
}

export { checkConfigurationSet };
