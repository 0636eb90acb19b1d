/**
 * The header SNS sets on every HTTP/S delivery, naming the message's `Type`
 * (https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.prepare.html). Node lower-cases
 * header names.
 */
const MESSAGE_TYPE_HEADER = 'x-amz-sns-message-type';

/**
 * Largest body read. An SNS message is at most 256 KiB; its envelope carries it as an escaped JSON
 * string, which can grow it, and adds the signature and URLs. Four times the message is ample.
 */
const MAX_BODY_BYTES = 1024 * 1024;

/** Bound on reading one body; SNS sends it at once, so only a stalled or hostile client waits this long. */
const BODY_TIMEOUT_MS = 10_000;

/**
 * How long a stopping server lets in-flight requests finish: under the 30 s that ECS (`stopTimeout`)
 * and Kubernetes (`terminationGracePeriodSeconds`) give between SIGTERM and SIGKILL by default.
 */
const SHUTDOWN_TIMEOUT_MS = 20_000;

export { BODY_TIMEOUT_MS, MAX_BODY_BYTES, MESSAGE_TYPE_HEADER, SHUTDOWN_TIMEOUT_MS };
