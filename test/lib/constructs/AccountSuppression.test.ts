import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccountSuppression } from '../../../lib/constructs/AccountSuppression';
import { GuardResourceProvider } from '../../../lib/constructs/GuardResourceProvider';
import { GuardResourceType } from '../../../src/customResources/resourceTypes';
import { getAtt, guardResources, logicalIdOf } from '../../helpers/cdk';

function build(reasons?: ('BOUNCE' | 'COMPLAINT')[]) {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test');
  const provider = new GuardResourceProvider(stack, 'Provider', { logGroup: new LogGroup(stack, 'Logs', { retention: RetentionDays.ONE_YEAR }) });
  const construct = new AccountSuppression(stack, 'AccountSuppression', { provider, ...(reasons === undefined ? {} : { reasons }) });
  return { provider, construct, template: Template.fromStack(stack) };
}

describe('Class: AccountSuppression', () => {
  let built: ReturnType<typeof build>;

  beforeAll(() => {
    built = build();
  });

  it("puts BOUNCE and COMPLAINT as the account's suppressed reasons, through the construct's own provider", () => {
    // Assess
    expect(guardResources(built.template, GuardResourceType.ACCOUNT_SUPPRESSION)).toEqual([
      { SuppressedReasons: ['BOUNCE', 'COMPLAINT'], ServiceTimeout: '300' },
    ]);
    const resource = built.template.toJSON().Resources[logicalIdOf(built.construct.resource)];
    expect(resource.Properties.ServiceToken).toEqual(getAtt(built.provider.function, 'Arn'));
    built.template.resourceCountIs('Custom::AWS', 0);
  });

  it('may call only PutAccountSuppressionAttributes (an account-level action: "*")', () => {
    // Assess
    const [policy] = Object.values(built.template.findResources('AWS::IAM::Policy'));
    const statements = policy?.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[];
    expect(statements.filter((statement) => String(statement.Action).includes('ses:'))).toEqual([
      { Effect: 'Allow', Action: 'ses:PutAccountSuppressionAttributes', Resource: '*' },
    ]);
    expect(statements.filter((statement) => String(statement.Action).includes('dynamodb:'))).toEqual([]);
  });

  it('takes other reasons when given', () => {
    // Act
    const { template } = build(['COMPLAINT']);

    // Assess
    expect(guardResources(template, GuardResourceType.ACCOUNT_SUPPRESSION)).toEqual([expect.objectContaining({ SuppressedReasons: ['COMPLAINT'] })]);
  });
});
