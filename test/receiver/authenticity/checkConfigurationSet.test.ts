import { describe, expect, it } from 'vitest';
import { checkConfigurationSet } from '../../../src/receiver/authenticity/checkConfigurationSet';

const withTags = (tags: unknown) => ({ eventType: 'Bounce', mail: { messageId: 'm', tags } });

describe('Function: checkConfigurationSet', () => {
  it.each([
    ['the stack configuration set', withTags({ 'ses:configuration-set': ['ConfigSet'] })],
    ['no tag (identity notification)', { notificationType: 'Bounce', mail: { messageId: 'm' } }],
    ['other tags only', withTags({ 'ses:source-ip': ['192.0.2.0'] })],
    ['tags that are not an object', withTags(['ses:configuration-set'])],
    ['no mail', { eventType: 'Bounce' }],
    ['not an object', 'text'],
  ])('passes %s', (_name, message) => {
    // Act
    const problem = checkConfigurationSet(message, 'ConfigSet');

    // Assess
    expect(problem).toBeUndefined();
  });

  it.each([
    ['another configuration set', withTags({ 'ses:configuration-set': ['OtherSet'] }), /not the stack's configuration set/],
    ['a second, other name', withTags({ 'ses:configuration-set': ['ConfigSet', 'OtherSet'] }), /not the stack's configuration set/],
    ['a name differing in case', withTags({ 'ses:configuration-set': ['configset'] }), /not the stack's configuration set/],
    ['a string instead of a list', withTags({ 'ses:configuration-set': 'OtherSet' }), /not a list of names/],
    ['an empty list', withTags({ 'ses:configuration-set': [] }), /not a list of names/],
    ['null', withTags({ 'ses:configuration-set': null }), /not a list of names/],
    ['a list of non-strings', withTags({ 'ses:configuration-set': [{ name: 'ConfigSet' }] }), /not a list of names/],
  ])('refuses %s', (_name, message, problem) => {
    // Act
    const result = checkConfigurationSet(message, 'ConfigSet');

    // Assess
    expect(result).toMatch(problem);
  });

  describe('with several accepted sets (tenants publishing to the same topic)', () => {
    const accepted = ['ConfigSet', 'tenant-a-mail', 'tenant_b'];

    it.each([
      ['the stack set', withTags({ 'ses:configuration-set': ['ConfigSet'] })],
      ["a tenant's set", withTags({ 'ses:configuration-set': ['tenant-a-mail'], 'ses:tenant-name': ['tenant-a'] })],
      ['another accepted set', withTags({ 'ses:configuration-set': ['tenant_b'] })],
    ])('passes %s', (_name, message) => {
      // Act
      const problem = checkConfigurationSet(message, accepted);

      // Assess
      expect(problem).toBeUndefined();
    });

    it.each([
      ['a set that is not listed', withTags({ 'ses:configuration-set': ['tenant-c-mail'] })],
      ['a listed set beside one that is not', withTags({ 'ses:configuration-set': ['tenant-a-mail', 'tenant-c-mail'] })],
      ['a listed name in another case', withTags({ 'ses:configuration-set': ['TENANT-A-MAIL'] })],
    ])('refuses %s', (_name, message) => {
      // Act
      const problem = checkConfigurationSet(message, accepted);

      // Assess
      expect(problem).toMatch(/not the stack's configuration set/);
    });

    it('refuses everything tagged when the list is empty', () => {
      expect(checkConfigurationSet(withTags({ 'ses:configuration-set': ['ConfigSet'] }), [])).toMatch(/not the stack's configuration set/);
    });
  });
});
