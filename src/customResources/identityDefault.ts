/**
 * What the identity-default custom resource does, given the identity's current default
 * configuration set: pure, so that every case is tested without SES.
 */

/** One step: set our configuration set as the default, clear the default, leave it, or refuse. */
type IdentityDefaultStep =
  | { readonly kind: 'set' }
  | { readonly kind: 'clear' }
  | { readonly kind: 'leave'; readonly why: string }
  | { readonly kind: 'refuse'; readonly message: string };

/**
 * On create or update: take the default when the identity has none, has ours already, has the one
 * this resource set before (an update that renames our set), or when forced; otherwise refuse,
 * naming the set that holds it.
 *
 * @param identity - the SES identity
 * @param current - its default configuration set now (`GetEmailIdentity`), `undefined` for none
 * @param ours - the configuration set to make the default
 * @param previous - the one this resource made the default before (an update), if any
 * @param force - take it over from another set
 */
function onSet(identity: string, current: string | undefined, ours: string, previous: string | undefined, force: boolean): IdentityDefaultStep {
  if (current === undefined || current === ours || current === previous || force) return { kind: 'set' };
  return {
    kind: 'refuse',
    message:
      `SES identity ${identity} already has the default configuration set "${current}"; ` +
      `making "${ours}" its default would silently redirect that set's events. Remove the identity from \`identities\`, ` +
      `clear its default (aws sesv2 put-email-identity-configuration-set-attributes --email-identity ${identity}), ` +
      'or pass `forceIdentityDefaults: true` to take it over.',
  };
}

/**
 * On delete: clear the default only while it is still ours; a default someone changed since
 * belongs to them, and an identity without one has nothing to clear.
 *
 * @param current - the identity's default now, `undefined` for none
 * @param ours - the configuration set this resource made the default
 */
function onClear(current: string | undefined, ours: string): IdentityDefaultStep {
  if (current === ours) return { kind: 'clear' };
  return { kind: 'leave', why: current === undefined ? 'the identity has no default configuration set' : `its default is now "${current}", not ours` };
}

export type { IdentityDefaultStep };
export { onClear, onSet };
