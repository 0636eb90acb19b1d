import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { ConfigurationSet } from 'aws-cdk-lib/aws-ses';
import { beforeAll, describe, expect, it } from 'vitest';
import { GuardResourceProvider } from '../../../lib/constructs/GuardResourceProvider';
import { IdentityDefaultConfigurationSet } from '../../../lib/constructs/IdentityDefaultConfigurationSet';
import { GuardResourceType } from '../../../src/customResources/resourceTypes';
import { guardResources, logicalIdOf, ref } from '../../helpers/cdk';

function build(force?: boolean) {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test');
  const provider = new GuardResourceProvider(stack, 'Provider', { logGroup: new LogGroup(stack, 'Logs', { retention: RetentionDays.ONE_YEAR }) });
  const configurationSet = new ConfigurationSet(stack, 'ConfigurationSet', { configurationSetName: 'txn-mail' });
  const construct = new IdentityDefaultConfigurationSet(stack, 'Default', {
    provider,
    identity: 'example.com',
    configurationSet,
    ...(force === undefined ? {} : { force }),
  });
  return { configurationSet, construct, template: Template.fromStack(stack) };
}

const arn = (resource: string, name: unknown) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':ses:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:${resource}/`,
      ...(typeof name === 'string' ? [] : [name]),
    ],
  ],
});

describe('Class: IdentityDefaultConfigurationSet', () => {
  let built: ReturnType<typeof build>;

  beforeAll(() => {
    built = build();
  });

  it('declares one identity-default resource of our own provider, not forced by default', () => {
    // Assess
    expect(guardResources(built.template, GuardResourceType.IDENTITY_DEFAULT)).toEqual([
      { Identity: 'example.com', ConfigurationSetName: ref(built.configurationSet), Force: 'false', ServiceTimeout: '300' },
    ]);
  });

  it('passes force through', () => {
    // Assess
    expect(guardResources(build(true).template, GuardResourceType.IDENTITY_DEFAULT)).toEqual([expect.objectContaining({ Force: 'true' })]);
  });

  it('runs after the configuration set exists (and is deleted before it)', () => {
    // Prepare
    const resource = built.template.toJSON().Resources[logicalIdOf(built.construct.resource)];

    // Assess
    expect(resource?.DependsOn).toContain(logicalIdOf(built.configurationSet));
  });

  it('may read this identity, and set its default to this configuration set, and nothing else of SES', () => {
    // Assess
    const [policy] = Object.values(built.template.findResources('AWS::IAM::Policy'));
    const statements = policy?.Properties.PolicyDocument.Statement as { Action: string | string[] }[];
    const identity = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':identity/example.com']],
    };
    expect(statements.filter((statement) => String(statement.Action).includes('ses:'))).toEqual([
      { Effect: 'Allow', Action: 'ses:GetEmailIdentity', Resource: identity },
      {
        Effect: 'Allow',
        Action: 'ses:PutEmailIdentityConfigurationSetAttributes',
        Resource: [identity, arn('configuration-set', ref(built.configurationSet))],
      },
    ]);
  });
});
