/** SQS's limit of messages per ReceiveMessage (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html). */
const MAX_BATCH = 10;

/** SQS's longest long poll, 20 s: fewest empty receives (same page). */
const WAIT_TIME_SECONDS = 20;

/** A received message's hiding; the heartbeat extends it while a batch is still being written. */
const VISIBILITY_TIMEOUT_SECONDS = 30;

/** How long a stopping worker lets its batches finish: under the 30 s ECS and Kubernetes give before SIGKILL. */
const DRAIN_TIMEOUT_MS = 20_000;

export { DRAIN_TIMEOUT_MS, MAX_BATCH, VISIBILITY_TIMEOUT_SECONDS, WAIT_TIME_SECONDS };
