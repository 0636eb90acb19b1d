import { App, Stack } from 'aws-cdk-lib';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SesBounceGuard } from 'ses-bounce-guard/cdk';

const app = new App();
const stack = new Stack(app, 'MailStack');

// Your own function that sends mail and must check the suppression table first.
const sender = new LambdaFunction(stack, 'Sender', {
  runtime: Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: Code.fromInline('exports.handler = async () => {};'),
});

// Application events read the table's stream (NEW_AND_OLD_IMAGES). Pass its ARN
// (`aws dynamodb describe-table` → Table.LatestStreamArn) with `-c suppressionTableStreamArn=...`,
// or leave it out and the construct reads it from the table at every deploy.
const streamArn: unknown = app.node.tryGetContext('suppressionTableStreamArn');

const guard = new SesBounceGuard(stack, 'BounceGuard', {
  // Adopt what you already have; leave these out to have the construct create them.
  existingConfigurationSetName: 'team-mail',
  ...(typeof streamArn === 'string'
    ? { existingSuppressionTable: Table.fromTableAttributes(stack, 'Suppressions', { tableName: 'team-suppressions', tableStreamArn: streamArn }) }
    : { existingSuppressionTableName: 'team-suppressions' }),
  alarmEmail: 'ops@example.com',
  outputs: true, // BounceGuardTableName, ...: what `ses-bounce-guard smoke-test --stack MailStack --guard BounceGuard` reads
});
guard.grantCheck(sender);
sender.addEnvironment('SUPPRESSION_TABLE', guard.table.tableName);

app.synth();
