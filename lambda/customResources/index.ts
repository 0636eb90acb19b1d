import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { type CustomResourceEvent, serveCustomResource } from './handler';

/** Each SES or DynamoDB call, and the response upload, well inside the function's 2-minute timeout. */
const CALL_TIMEOUT_MS = 20_000;

const deps = {
  ses: new SESv2Client({}),
  dynamo: new DynamoDBClient({}),
  callTimeoutMs: CALL_TIMEOUT_MS,
  log: (message: string) => console.log(message),
};

/** The package's custom-resource provider (lib/constructs/GuardResourceProvider.ts), invoked by CloudFormation. */
async function handler(event: CustomResourceEvent): Promise<void> {
  await serveCustomResource(event, deps);
}

export { handler };
