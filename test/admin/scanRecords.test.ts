import { describe, expect, inject, it } from 'vitest';
import { scanRecords } from '../../src/admin/scanTable';
import { runCli } from '../helpers/cli';
import { createSuppressionTable, localDocumentClient } from '../helpers/table';

describe('Function: scanRecords', () => {
  it('reads whole records when no fields are asked for (DynamoDB refuses an attribute name no expression uses)', async () => {
    // Prepare
    const tableName = await createSuppressionTable();
    const added = await runCli([
      'add',
      '--default-policy',
      'jane@example.com',
      '--reason',
      'manual',
      '--table',
      tableName,
      '--endpoint',
      inject('dynamoEndpoint'),
      '--actor',
      'test',
    ]);
    expect(added.code, added.stderr).toBe(0);

    // Act
    const records = [];
    for await (const record of scanRecords(localDocumentClient(), tableName)) records.push(record);

    // Assess
    expect(records.map((record) => [record.email, record.reason])).toEqual([['jane@example.com', 'manual']]);
  });
});
