/**
 * The handler's CloudWatch metrics: the names the function emits (EMF) and the stack's alarms and
 * dashboard read, spelled once.
 */
const METRICS_NAMESPACE = 'SesBounceGuard';

/** The `service` dimension Powertools adds to every metric; alarms must name it too. */
const METRICS_SERVICE = 'ses-bounce-guard';

/** The name of the dimension whose value is {@link METRICS_SERVICE} (Powertools' own spelling). */
const SERVICE_DIMENSION = 'service';

/**
 * The dimension that tells one deployment's metrics from another's in the same account and region
 * (a staging and a production stack): every metric the handler emits carries it, and every alarm
 * and widget names it. Its value is the stack name and the construct path (see
 * `deploymentDimensionValue` in the construct layer), handed to the function as `DEPLOYMENT`.
 */
const DEPLOYMENT_DIMENSION = 'Deployment';

/** The extra dimension of {@link MetricName.SUPPRESSIONS} and {@link MetricName.SOFT_RECORDS}. */
const REASON_DIMENSION = 'Reason';

const MetricName = {
  /** Recipient-events written now that leave the address suppressed (by reason too). */
  SUPPRESSIONS: 'Suppressions',
  /** Recipient-events written now as soft records: transient bounces, not-spam complaints. */
  SOFT_RECORDS: 'SoftRecords',
  /** Recipient-events that had been written before (redeliveries). */
  DUPLICATES: 'DuplicateEvents',
  /** SES events of a type the decision table does not act on. */
  IGNORED: 'IgnoredEvents',
  /** Messages refused as unauthentic (signature, topic, configuration set). */
  REJECTED: 'RejectedMessages',
  /** Recipients skipped for having no valid address. */
  INVALID_RECIPIENTS: 'InvalidRecipients',
  /** SES events whose time lay outside the accepted window and was clamped into it (`boundEventTime`). */
  CLAMPED_EVENT_TIMES: 'ClampedEventTimes',
  /** Records failed, to be retried or dead-lettered. */
  FAILED_RECORDS: 'FailedRecords',
} as const;
type MetricName = (typeof MetricName)[keyof typeof MetricName];

export { DEPLOYMENT_DIMENSION, METRICS_NAMESPACE, METRICS_SERVICE, MetricName, REASON_DIMENSION, SERVICE_DIMENSION };
