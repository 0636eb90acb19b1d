/**
 * The custom resources of the package's own provider (lib/constructs/GuardResourceProvider.ts):
 * their CloudFormation types and properties, spelled once for the constructs that declare them and
 * the function that serves them (lambda/customResources/).
 */
const GuardResourceType = {
  /** SES account-level suppression (`PutAccountSuppressionAttributes`); left as it is on delete. */
  ACCOUNT_SUPPRESSION: 'Custom::SesAccountSuppression',
  /** An identity's default configuration set, set only if free (or forced), cleared only if ours. */
  IDENTITY_DEFAULT: 'Custom::SesIdentityDefaultConfigurationSet',
  /** An adopted table's current stream ARN (`DescribeTable`), re-read on every update. */
  TABLE_STREAM: 'Custom::DynamoDbTableStream',
  /** An adopted configuration set's reputation metrics turned on, the old value restored on delete. */
  REPUTATION_METRICS: 'Custom::SesReputationMetrics',
} as const;
type GuardResourceType = (typeof GuardResourceType)[keyof typeof GuardResourceType];

/** Properties of {@link GuardResourceType.ACCOUNT_SUPPRESSION}. */
interface AccountSuppressionProperties {
  readonly SuppressedReasons: readonly string[];
}

/** Properties of {@link GuardResourceType.IDENTITY_DEFAULT}. CloudFormation passes every value as a string. */
interface IdentityDefaultProperties {
  readonly Identity: string;
  readonly ConfigurationSetName: string;
  /** `'true'`: take the default even when another configuration set holds it. */
  readonly Force: string;
}

/** Properties of {@link GuardResourceType.TABLE_STREAM}. */
interface TableStreamProperties {
  readonly TableName: string;
  /** Changes on every synth, so that CloudFormation sends an update, and the stream is re-read, on every deploy. */
  readonly ReadAt: string;
}

/** Properties of {@link GuardResourceType.REPUTATION_METRICS}. */
interface ReputationMetricsProperties {
  readonly ConfigurationSetName: string;
}

/** The attribute a {@link GuardResourceType.TABLE_STREAM} resource returns (`Fn::GetAtt`). */
const STREAM_ARN_ATTRIBUTE = 'StreamArn';

export type { AccountSuppressionProperties, IdentityDefaultProperties, ReputationMetricsProperties, TableStreamProperties };
export { GuardResourceType, STREAM_ARN_ATTRIBUTE };
