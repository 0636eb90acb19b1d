import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ConfigurationSet } from 'aws-cdk-lib/aws-ses';
import { beforeAll, describe, expect, it } from 'vitest';
import { IdentityDefaultConfigurationSet } from '../../../lib/constructs/IdentityDefaultConfigurationSet';
import { customResourceCalls, logicalIdOf, ref } from '../../helpers/cdk';

describe('Class: IdentityDefaultConfigurationSet', () => {
  let template: Template;
  let configurationSet: ConfigurationSet;
  let construct: IdentityDefaultConfigurationSet;

  beforeAll(() => {
    const stack = new Stack(new App(), 'Test');
    configurationSet = new ConfigurationSet(stack, 'ConfigurationSet', { configurationSetName: 'txn-mail' });
    construct = new IdentityDefaultConfigurationSet(stack, 'Default', { identity: 'example.com', configurationSet });
    template = Template.fromStack(stack);
  });

  it("makes the configuration set the identity's default on create and update", () => {
    // Prepare
    const expected = {
      service: 'sesv2',
      action: 'PutEmailIdentityConfigurationSetAttributes',
      parameters: { EmailIdentity: 'example.com', ConfigurationSetName: `<${ref(configurationSet).Ref}>` },
    };

    // Assess
    expect(customResourceCalls(template, 'Create')).toEqual([expect.objectContaining(expected)]);
    expect(customResourceCalls(template, 'Update')).toEqual([expect.objectContaining(expected)]);
  });

  it("clears the identity's default when the stack is deleted", () => {
    // Act
    const [onDelete] = customResourceCalls(template, 'Delete');

    // Assess
    expect(onDelete).toMatchObject({ action: 'PutEmailIdentityConfigurationSetAttributes', parameters: { EmailIdentity: 'example.com' } });
    expect(onDelete?.parameters).not.toHaveProperty('ConfigurationSetName');
  });

  it('deletes cleanly when the identity was deleted outside the stack (NotFoundException is ignored on delete only)', () => {
    // Prepare: the provider ignores an error when new RegExp(ignoreErrorCodesMatching) matches the SDK error's name.
    const [onDelete] = customResourceCalls(template, 'Delete');
    const ignored = (name: string) => new RegExp(String(onDelete?.ignoreErrorCodesMatching)).test(name);

    // Assess
    expect(onDelete?.ignoreErrorCodesMatching).toBe('^NotFoundException$');
    expect(ignored('NotFoundException')).toBe(true);
    expect(['BadRequestException', 'TooManyRequestsException', 'AccessDeniedException', 'XNotFoundException'].filter(ignored)).toEqual([]);
  });

  it('fails create and update for an identity that does not exist: no error is ignored there', () => {
    // Act
    const calls = [...customResourceCalls(template, 'Create'), ...customResourceCalls(template, 'Update')];

    // Assess
    expect(calls).toHaveLength(2);
    expect(calls.map((call) => call.ignoreErrorCodesMatching)).toEqual([undefined, undefined]);
  });

  it('runs after the configuration set exists (and is deleted before it)', () => {
    // Prepare
    const resource = template.findResources('Custom::AWS')[logicalIdOf(construct.resource.node.findChild('Resource'))];

    // Assess
    expect(resource?.DependsOn).toContain(logicalIdOf(configurationSet));
  });

  it('may call only PutEmailIdentityConfigurationSetAttributes, on this identity and configuration set', () => {
    // Assess
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'ses:PutEmailIdentityConfigurationSetAttributes',
            Resource: [
              {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':identity/example.com']],
              },
              {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    { Ref: 'AWS::Partition' },
                    ':ses:',
                    { Ref: 'AWS::Region' },
                    ':',
                    { Ref: 'AWS::AccountId' },
                    ':configuration-set/',
                    ref(configurationSet),
                  ],
                ],
              },
            ],
          },
        ],
      },
    });
  });
});
