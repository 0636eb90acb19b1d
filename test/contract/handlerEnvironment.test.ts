import { describe, expect, it } from 'vitest';
import { readHandlerEnvironment } from '../../lambda/bounceHandler/readHandlerEnvironment';
import { handlerEnvironment } from '../../src/contract/handlerEnvironment';
import { DEFAULT_POLICY } from '../../src/domain/policy';

const SETTINGS = {
  tableName: 'suppression',
  topicArn: 'arn:aws:sns:eu-west-1:123456789012:events',
  deployment: 'Mail/Guard',
  policy: DEFAULT_POLICY,
};

describe('Function: handlerEnvironment', () => {
  it('writes one configuration set as before, and several separated by commas, which the function reads back', () => {
    // Act
    const one = handlerEnvironment({ ...SETTINGS, configurationSetName: 'txn-mail' });
    const several = handlerEnvironment({ ...SETTINGS, configurationSetName: ['txn-mail', 'tenant-a-mail'] });

    // Assess
    expect(one.CONFIGURATION_SET_NAME).toBe('txn-mail');
    expect(several.CONFIGURATION_SET_NAME).toBe('txn-mail,tenant-a-mail');
    expect(readHandlerEnvironment(several).configurationSetName).toEqual(['txn-mail', 'tenant-a-mail']);
  });

  it('writes the tenant scopes only when the policy sets them, and the function reads them back', () => {
    // Act
    const unset = handlerEnvironment({ ...SETTINGS, configurationSetName: 'txn-mail' });
    const set = handlerEnvironment({ ...SETTINGS, configurationSetName: 'txn-mail', policy: { ...DEFAULT_POLICY, complaintScope: 'account' } });

    // Assess
    expect(Object.keys(unset).filter((name) => name.endsWith('_SCOPE'))).toEqual([]);
    expect(set.COMPLAINT_SCOPE).toBe('account');
    expect(readHandlerEnvironment(set).policy).toEqual({ ...DEFAULT_POLICY, complaintScope: 'account' });
  });
});
