import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  GetConfigurationSetCommand,
  GetEmailIdentityCommand,
  PutAccountSuppressionAttributesCommand,
  PutConfigurationSetReputationOptionsCommand,
  PutEmailIdentityConfigurationSetAttributesCommand,
  type SESv2Client,
  type SuppressionListReason,
} from '@aws-sdk/client-sesv2';
import { onClear, onSet } from '../../src/customResources/identityDefault';
import {
  type AccountSuppressionProperties,
  GuardResourceType,
  type IdentityDefaultProperties,
  type ReputationMetricsProperties,
  STREAM_ARN_ATTRIBUTE,
  type TableStreamProperties,
} from '../../src/customResources/resourceTypes';

/**
 * A CloudFormation custom resource request, as CloudFormation invokes a Lambda-backed provider:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requests.html
 */
interface CustomResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly ResourceType: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
}

/** What a resource reports back: its physical id and the attributes `Fn::GetAtt` reads. */
interface Outcome {
  readonly physicalResourceId: string;
  readonly data?: Record<string, string>;
}

/** The clients the provider calls; tests pass clients pointed at loopback stubs and DynamoDB Local. */
interface ProviderDeps {
  readonly ses: SESv2Client;
  readonly dynamo: DynamoDBClient;
  /** How long each AWS call and the response upload may take. */
  readonly callTimeoutMs: number;
  /** Where progress goes (the function's log). */
  readonly log: (message: string) => void;
}

/**
 * Thrown for a request the provider refuses; its message becomes the resource's status reason in
 * the stack's events.
 */
class CustomResourceError extends Error {
  override readonly name = 'CustomResourceError';
}

/**
 * Serves one request and always answers CloudFormation (a provider that never answers holds the
 * stack for an hour): SUCCESS with the outcome, or FAILED with the error's message as the reason.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
 */
async function serveCustomResource(event: CustomResourceEvent, deps: ProviderDeps): Promise<void> {
  let body: Record<string, unknown>;
  try {
    const outcome = await dispatch(event, deps);
    body = { Status: 'SUCCESS', PhysicalResourceId: outcome.physicalResourceId, ...(outcome.data === undefined ? {} : { Data: outcome.data }) };
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    deps.log(`${event.RequestType} ${event.ResourceType} ${event.LogicalResourceId} failed: ${reason}`);
    // A failed create has no physical id yet; CloudFormation still needs one.
    body = { Status: 'FAILED', Reason: reason.slice(0, 3000), PhysicalResourceId: event.PhysicalResourceId ?? event.LogicalResourceId };
  }
  const response = await fetch(event.ResponseURL, {
    method: 'PUT',
    // The presigned S3 URL is signed without a content type.
    headers: { 'content-type': '' },
    body: JSON.stringify({ ...body, StackId: event.StackId, RequestId: event.RequestId, LogicalResourceId: event.LogicalResourceId }),
    signal: AbortSignal.timeout(deps.callTimeoutMs),
  });
  if (!response.ok) throw new Error(`CloudFormation's response URL answered ${response.status}`, { cause: await response.text() });
}

function dispatch(event: CustomResourceEvent, deps: ProviderDeps): Promise<Outcome> {
  switch (event.ResourceType) {
    case GuardResourceType.ACCOUNT_SUPPRESSION:
      return accountSuppression(event, deps);
    case GuardResourceType.IDENTITY_DEFAULT:
      return identityDefault(event, deps);
    case GuardResourceType.TABLE_STREAM:
      return tableStream(event, deps);
    case GuardResourceType.REPUTATION_METRICS:
      return reputationMetrics(event, deps);
    default:
      // Delete of a type this provider does not know must not wedge the stack.
      if (event.RequestType === 'Delete') return Promise.resolve({ physicalResourceId: event.PhysicalResourceId ?? event.LogicalResourceId });
      return Promise.reject(new CustomResourceError(`this provider does not serve ${event.ResourceType}`));
  }
}

const timeout = (deps: ProviderDeps) => ({ abortSignal: AbortSignal.timeout(deps.callTimeoutMs) });
const isNotFound = (error: unknown) => error instanceof Error && error.name === 'NotFoundException';

/** Left as it is on delete: an account should not mail known-bad addresses again because a stack went away. */
async function accountSuppression(event: CustomResourceEvent, deps: ProviderDeps): Promise<Outcome> {
  const physicalResourceId = 'ses-account-suppression';
  if (event.RequestType === 'Delete') return { physicalResourceId };
  const { SuppressedReasons } = event.ResourceProperties as unknown as AccountSuppressionProperties;
  // https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_PutAccountSuppressionAttributes.html
  await deps.ses.send(new PutAccountSuppressionAttributesCommand({ SuppressedReasons: [...SuppressedReasons] as SuppressionListReason[] }), timeout(deps));
  return { physicalResourceId };
}

/**
 * The identity's default configuration set (`GetEmailIdentity`, then
 * `PutEmailIdentityConfigurationSetAttributes`):
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailIdentity.html
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_PutEmailIdentityConfigurationSetAttributes.html
 * A missing identity fails create and update (SES's NotFoundException); on delete it has nothing
 * to clear.
 */
async function identityDefault(event: CustomResourceEvent, deps: ProviderDeps): Promise<Outcome> {
  const props = event.ResourceProperties as unknown as IdentityDefaultProperties;
  const physicalResourceId = `default-configuration-set:${props.Identity}`;
  let current: string | undefined;
  try {
    current = (await deps.ses.send(new GetEmailIdentityCommand({ EmailIdentity: props.Identity }), timeout(deps))).ConfigurationSetName ?? undefined;
  } catch (error) {
    if (event.RequestType === 'Delete' && isNotFound(error)) return { physicalResourceId: event.PhysicalResourceId ?? physicalResourceId };
    throw error;
  }
  if (event.RequestType === 'Delete') {
    const step = onClear(current, props.ConfigurationSetName);
    if (step.kind === 'clear') await deps.ses.send(new PutEmailIdentityConfigurationSetAttributesCommand({ EmailIdentity: props.Identity }), timeout(deps));
    else if (step.kind === 'leave') deps.log(`left the default of ${props.Identity} as it is: ${step.why}`);
    return { physicalResourceId: event.PhysicalResourceId ?? physicalResourceId };
  }
  const old = event.OldResourceProperties as unknown as IdentityDefaultProperties | undefined;
  const previous = old?.Identity === props.Identity ? old.ConfigurationSetName : undefined;
  const step = onSet(props.Identity, current, props.ConfigurationSetName, previous, props.Force === 'true');
  if (step.kind === 'refuse') throw new CustomResourceError(step.message);
  await deps.ses.send(
    new PutEmailIdentityConfigurationSetAttributesCommand({ EmailIdentity: props.Identity, ConfigurationSetName: props.ConfigurationSetName }),
    timeout(deps),
  );
  return { physicalResourceId };
}

/**
 * The table's current stream (`DescribeTable` → `Table.LatestStreamArn`), with new and old images:
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html
 */
async function tableStream(event: CustomResourceEvent, deps: ProviderDeps): Promise<Outcome> {
  const { TableName } = event.ResourceProperties as unknown as TableStreamProperties;
  const physicalResourceId = `table-stream:${TableName}`;
  if (event.RequestType === 'Delete') return { physicalResourceId: event.PhysicalResourceId ?? physicalResourceId };
  const { Table: table } = await deps.dynamo.send(new DescribeTableCommand({ TableName }), timeout(deps));
  const spec = table?.StreamSpecification;
  if (table?.LatestStreamArn === undefined || spec?.StreamEnabled !== true || spec.StreamViewType !== 'NEW_AND_OLD_IMAGES') {
    throw new CustomResourceError(
      `table ${TableName} has no stream with new and old images (StreamSpecification ${JSON.stringify(spec ?? null)}): ` +
        'turn one on (aws dynamodb update-table --stream-specification StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES) or turn application events off',
    );
  }
  return { physicalResourceId, data: { [STREAM_ARN_ATTRIBUTE]: table.LatestStreamArn } };
}

/**
 * Reputation metrics of an adopted configuration set turned on, and restored on delete when they
 * were off before; the old value travels in the physical id, which CloudFormation hands back on
 * delete.
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetConfigurationSet.html
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_PutConfigurationSetReputationOptions.html
 */
async function reputationMetrics(event: CustomResourceEvent, deps: ProviderDeps): Promise<Outcome> {
  const { ConfigurationSetName } = event.ResourceProperties as unknown as ReputationMetricsProperties;
  const prefix = `reputation-metrics:${ConfigurationSetName}:was-`;
  if (event.RequestType === 'Delete') {
    if (event.PhysicalResourceId === `${prefix}off`) {
      try {
        await deps.ses.send(new PutConfigurationSetReputationOptionsCommand({ ConfigurationSetName, ReputationMetricsEnabled: false }), timeout(deps));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return { physicalResourceId: event.PhysicalResourceId ?? `${prefix}on` };
  }
  // An update of the same set keeps what it found at create.
  if (event.RequestType === 'Update' && event.PhysicalResourceId?.startsWith(prefix) === true) {
    await deps.ses.send(new PutConfigurationSetReputationOptionsCommand({ ConfigurationSetName, ReputationMetricsEnabled: true }), timeout(deps));
    return { physicalResourceId: event.PhysicalResourceId };
  }
  const found = await deps.ses.send(new GetConfigurationSetCommand({ ConfigurationSetName }), timeout(deps));
  const wasOn = found.ReputationOptions?.ReputationMetricsEnabled === true;
  if (!wasOn) await deps.ses.send(new PutConfigurationSetReputationOptionsCommand({ ConfigurationSetName, ReputationMetricsEnabled: true }), timeout(deps));
  return { physicalResourceId: `${prefix}${wasOn ? 'on' : 'off'}` };
}

export type { CustomResourceEvent, ProviderDeps };
export { CustomResourceError, serveCustomResource };
