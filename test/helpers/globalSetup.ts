import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/dynamoDbLocal';

/** One DynamoDB Local for the whole run; each test file makes tables of its own in it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamo = await startDynamoDbLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return () => dynamo.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
