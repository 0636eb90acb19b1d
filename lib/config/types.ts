import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ReputationThresholds } from '../constructs/monitoring/reputationThresholds';
import type { SuppressionPolicy } from '../../src/domain/policy';
import type { DeliveryMode } from '../constructs/constants';

/** The app's settings after validation: what `bin/app.ts` hands to the stack. */
interface AppConfig {
  /** CloudFormation stack name. */
  readonly stackName: string;
  /** Name of the SES configuration set that senders put on every message. */
  readonly configurationSetName: string;
  /** Whether the stack turns on SES account-level suppression for bounces and complaints. */
  readonly accountSuppression: boolean;
  /** Existing SES identities whose default configuration set becomes the stack's. */
  readonly identities: readonly string[];
  /** The handler's memory, in MB. */
  readonly handlerMemorySize: number;
  /** The handler's timeout, in seconds. */
  readonly handlerTimeoutSeconds: number;
  /** How long the handler's log group keeps its events. */
  readonly logRetentionDays: RetentionDays;
  /** Warning and critical thresholds of the SES reputation alarms, as fractions (0.02 = 2%). */
  readonly reputationThresholds: Required<ReputationThresholds>;
  /** The address subscribed to the alarm topic, `undefined` for none. */
  readonly alarmEmail: string | undefined;
  /** How SNS hands events to the handler: subscribed directly, or through an SQS queue. */
  readonly deliveryMode: DeliveryMode;
  /** Queue mode: the most concurrent invocations the queue's event source may run (2 to 1000). */
  readonly queueMaxConcurrency: number;
  /** Queue mode: how long Lambda gathers messages before invoking, in seconds (0 to 300). */
  readonly queueBatchWindowSeconds: number;
  /** Queue mode: the most messages per invocation. */
  readonly queueBatchSize: number;
  /** A retained or existing suppression table to adopt instead of creating one; `undefined` creates it. */
  readonly existingSuppressionTableName: string | undefined;
  /** An existing configuration set to adopt instead of creating `configurationSetName`; `undefined` creates it. */
  readonly existingConfigurationSetName: string | undefined;
  /** Escalation, DSN override and expiry, handed to the function. */
  readonly policy: SuppressionPolicy;
}

/** Reads one raw context value (`app.node.tryGetContext`); `undefined` when the key is not set. */
type ContextReader = (key: string) => unknown;

export type { AppConfig, ContextReader };
