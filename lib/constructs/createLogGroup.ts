import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledgeControl, GuardRule } from '../nag/acknowledgeControl';

/** AWS Control Tower control CT.CLOUDWATCH.PR.2: a log group keeps its events at least a year. */
const MINIMUM_COMPLIANT_RETENTION = RetentionDays.ONE_YEAR;

/**
 * A log group encrypted with the given key, keeping its events as long as told.
 *
 * A retention shorter than a year is a deployer's explicit choice (the default is a year): it is
 * allowed, and the Control Tower control on retention
 * (https://docs.aws.amazon.com/controltower/latest/userguide/cloudwatch-rules.html#ct-cloudwatch-pr-2-description)
 * is acknowledged on this log group with that choice as the reason.
 *
 * @param scope - the log group's parent
 * @param id - the log group's construct id
 * @param retention - how long events are kept
 * @param encryptionKey - the key (see createLogKey)
 */
function createLogGroup(scope: Construct, id: string, retention: RetentionDays, encryptionKey: IKey): LogGroup {
  const logGroup = new LogGroup(scope, id, { retention, encryptionKey });
  // RetentionDays.INFINITE renders no RetentionInDays: events never expire, which the control accepts.
  if (retention !== RetentionDays.INFINITE && retention < MINIMUM_COMPLIANT_RETENTION) {
    acknowledgeControl(logGroup, GuardRule.LOG_RETENTION, `The deployer chose ${retention} days of log retention (logRetention), below the control's 365.`);
  }
  return logGroup;
}

export { createLogGroup, MINIMUM_COMPLIANT_RETENTION };
