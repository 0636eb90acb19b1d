import { MalformedMessageError } from '../domain/errors';
import { DEFAULT_POLICY, policyProblems } from '../domain/policy';
import { SuppressionStore } from '../store/SuppressionStore';
import { envelopeFromObject, envelopeFromSnsRecord, envelopeFromSqsBody, type SnsEnvelope } from './envelope';
import { processEnvelope } from './processEnvelope';
import type { RecordOutcome } from './processTypes';
import type { Receiver, ReceiverOptions, ReceiverOutcome } from './types';

/** The topic ARN as SNS spells it (the function's environment is checked against the same form). */
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(?:\.fifo)?$/;

/**
 * The processing core behind every transport: the one the deployed function runs (authenticity,
 * the configuration-set check, decisions, conditional writes), for a service's own HTTPS endpoint
 * or queue worker. Signature verification is always on here: a service that receives envelopes
 * from the network has nothing else to prove where they came from.
 *
 * @example
 * ```ts
 * import { createReceiver } from 'ses-bounce-guard/receiver';
 * const receiver = createReceiver({ topicArn, configurationSetName: 'txn-mail', tableName: 'SuppressionTable' });
 * const outcome = await receiver.receive(snsEnvelopeJson); // { kind: 'processed', applied: 1, ... }
 * ```
 * @throws Error listing every invalid option (a misconfigured receiver never starts)
 */
function createReceiver(options: ReceiverOptions): Receiver {
  const problems: string[] = [];
  if (!SNS_TOPIC_ARN.test(options.topicArn ?? '')) problems.push(`topicArn is not an SNS topic ARN (got ${JSON.stringify(options.topicArn)})`);
  if (typeof options.configurationSetName !== 'string' || options.configurationSetName.trim() === '') problems.push('configurationSetName is required');
  if (typeof options.tableName !== 'string' || options.tableName.trim() === '') problems.push('tableName is required');
  const policy = options.policy ?? DEFAULT_POLICY;
  problems.push(...policyProblems(policy).map((problem) => `policy.${problem}`));
  if (problems.length > 0) throw new Error(`invalid receiver options: ${problems.join('; ')}`);

  const store = new SuppressionStore({ tableName: options.tableName, policy, ...(options.dynamoClient === undefined ? {} : { client: options.dynamoClient }) });
  const deps = {
    store,
    topicArn: options.topicArn,
    configurationSetName: options.configurationSetName,
    policy,
    verifySignatures: true,
    ...(options.snsRequestTimeoutMs === undefined ? {} : { snsRequestTimeoutMs: options.snsRequestTimeoutMs }),
  };
  return {
    topicArn: options.topicArn,
    configurationSetName: options.configurationSetName,
    tableName: options.tableName,
    async receive(input) {
      let envelope: SnsEnvelope;
      try {
        envelope = toEnvelope(input);
      } catch (error) {
        if (!(error instanceof MalformedMessageError)) throw error;
        return { kind: 'failed', reason: error.message, error };
      }
      return toOutcome(await processEnvelope(envelope, deps));
    },
    async receiveUnsigned(message, messageId) {
      // The topic is the receiver's by construction: the caller vouches for the source.
      const envelope: SnsEnvelope = {
        Type: 'Notification',
        MessageId: messageId,
        TopicArn: options.topicArn,
        Message: message,
        Timestamp: new Date().toISOString(),
        SignatureVersion: '',
        Signature: '',
        SigningCertURL: '',
      };
      return toOutcome(await processEnvelope(envelope, { ...deps, verifySignatures: false }));
    },
  };
}

/**
 * Either shape, as a string or an object, in the HTTP/SQS shape SNS signs.
 * @throws MalformedMessageError when it is not an SNS envelope
 */
function toEnvelope(input: string | Readonly<Record<string, unknown>>): SnsEnvelope {
  if (typeof input === 'string') return fromLambdaShape(envelopeFromSqsBody(input));
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new MalformedMessageError('SNS envelope is not an object');
  return fromLambdaShape(envelopeFromObject(input));
}

/** The Lambda record spells two URLs differently (`SigningCertUrl`); what SNS signed is the same. */
function fromLambdaShape(envelope: SnsEnvelope): SnsEnvelope {
  const lambda = envelope as SnsEnvelope & { SigningCertUrl?: unknown };
  return lambda.SigningCertURL === undefined && lambda.SigningCertUrl !== undefined ? envelopeFromSnsRecord(lambda as never) : envelope;
}

function toOutcome(outcome: RecordOutcome): ReceiverOutcome {
  switch (outcome.kind) {
    case 'processed':
      return {
        kind: outcome.applied.length === 0 && outcome.duplicates > 0 ? 'duplicate' : 'processed',
        applied: outcome.applied.length,
        duplicates: outcome.duplicates,
        invalidRecipients: outcome.invalidRecipients,
      };
    case 'ignored':
      return { kind: 'ignored', reason: `${outcome.type} is not acted on` };
    case 'rejected':
      return { kind: 'rejected', reason: outcome.reason };
    case 'confirmed':
      return { kind: 'confirmed' };
    case 'failed':
      return { kind: 'failed', reason: outcome.error.message, error: outcome.error };
  }
}

export { createReceiver };
