import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/dynamoDbLocal';

/** One DynamoDB Local for the whole run; each test file makes tables of its own in it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // `test.env` reaches the test workers only; this process builds SDK clients too (the readiness
  // check), and should run under the same settings (the SDK's Node-version notice off, above all).
  for (const [name, value] of Object.entries(project.config.env ?? {})) if (value !== undefined) process.env[name] ??= String(value);
  const dynamo = await startDynamoDbLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
