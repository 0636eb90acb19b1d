import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { SesEventPipeline } from '../../../lib/constructs/SesEventPipeline';
import { getAtt, logicalIdOf, ref } from '../../helpers/cdk';

describe('Class: SesEventPipeline', () => {
  let template: Template;
  let pipeline: SesEventPipeline;

  beforeAll(() => {
    const stack = new Stack(new App(), 'Test');
    pipeline = new SesEventPipeline(stack, 'Pipeline');
    template = Template.fromStack(stack);
  });

  describe('configuration set', () => {
    it('is named txn-mail by default, and as given otherwise', () => {
      // Prepare
      const stack = new Stack(new App(), 'Named');
      new SesEventPipeline(stack, 'Pipeline', { configurationSetName: 'orders' });

      // Assess
      template.hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'txn-mail' });
      Template.fromStack(stack).hasResourceProperties('AWS::SES::ConfigurationSet', { Name: 'orders' });
    });

    it('turns reputation metrics on and suppresses bounces and complaints', () => {
      // Assess
      template.hasResourceProperties('AWS::SES::ConfigurationSet', {
        ReputationOptions: { ReputationMetricsEnabled: true },
        SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      });
    });

    it('publishes exactly BOUNCE and COMPLAINT events to the topic', () => {
      // Assess
      template.resourceCountIs('AWS::SES::ConfigurationSetEventDestination', 1);
      template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
        ConfigurationSetName: ref(pipeline.configurationSet),
        EventDestination: {
          Enabled: true,
          MatchingEventTypes: ['bounce', 'complaint'],
          SnsDestination: { TopicARN: ref(pipeline.topic) },
        },
      });
    });
  });

  describe('topic', () => {
    it("is a Standard topic encrypted with the pipeline's key", () => {
      // Assess
      template.hasResourceProperties('AWS::SNS::Topic', {
        KmsMasterKeyId: getAtt(pipeline.topicKey, 'Arn'),
        FifoTopic: Match.absent(),
      });
    });

    it('lets only SES publish, for this account and this configuration set', () => {
      // Assess
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [ref(pipeline.topic)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'ses.amazonaws.com' },
              Action: 'sns:Publish',
              Resource: ref(pipeline.topic),
              // Exact: a loosened condition would let any account's SES publish.
              Condition: Match.exact({
                StringEquals: {
                  'AWS:SourceAccount': { Ref: 'AWS::AccountId' },
                  'AWS:SourceArn': {
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
                        ref(pipeline.configurationSet),
                      ],
                    ],
                  },
                },
              }),
            }),
          ]),
        },
      });
    });

    it('denies every request that does not use TLS (enforceSSL)', () => {
      // Assess
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [ref(pipeline.topic)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Principal: '*',
              Action: 'sns:Publish',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    });
  });

  describe('topic key', () => {
    it('is customer-managed with rotation', () => {
      // Assess
      template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
      expect(Object.keys(template.findResources('AWS::KMS::Key'))).toEqual([logicalIdOf(pipeline.topicKey)]);
    });

    it('lets SES generate data keys and decrypt for this topic only (encryption context), with no aws:SourceAccount condition', () => {
      // Prepare
      const keyPolicy = template.toJSON().Resources[logicalIdOf(pipeline.topicKey)].Properties.KeyPolicy as { Statement: { Sid?: string }[] };
      const topicName = template.toJSON().Resources[logicalIdOf(pipeline.topic)].Properties.TopicName as string;

      // Assess
      expect(topicName).toMatch(/^Test-Pipeline-[0-9A-F]{8}$/);
      expect(keyPolicy.Statement.filter((statement) => statement.Sid === 'AllowSesToPublishToTheEncryptedTopic')).toEqual([
        {
          Sid: 'AllowSesToPublishToTheEncryptedTopic',
          Effect: 'Allow',
          Principal: { Service: 'ses.amazonaws.com' },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Resource: '*',
          Condition: {
            StringEquals: {
              'kms:EncryptionContext:aws:sns:topicArn': {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sns:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${topicName}`]],
              },
            },
          },
        },
      ]);
    });
  });
});
