/** The table `npm start` creates in DynamoDB Local: the name to pass to the CLI's `--table`. */
const TABLE_NAME = 'ses-bounce-guard-local';

/** The topic the local run's handler accepts; every envelope it signs names this topic. */
const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:ses-bounce-guard-local';

/**
 * DynamoDB Local's port under `--keep` when `--port` is not given: fixed, so that the CLI line the
 * docs show stays valid from one run to the next. 8000 is DynamoDB Local's own default.
 */
const DEFAULT_KEEP_PORT = 8000;

export { DEFAULT_KEEP_PORT, TABLE_NAME, TOPIC_ARN };
