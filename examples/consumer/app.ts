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

const guard = new SesBounceGuard(stack, 'BounceGuard', {
  // Adopt what you already have; leave these out to have the construct create them.
  existingConfigurationSetName: 'team-mail',
  existingSuppressionTable: Table.fromTableAttributes(stack, 'Suppressions', {
    tableName: 'team-suppressions',
    // Application events read the table's stream (NEW_AND_OLD_IMAGES): its ARN, from DescribeTable.
    tableStreamArn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/team-suppressions/stream/2026-01-01T00:00:00.000',
  }),
  alarmEmail: 'ops@example.com',
  outputs: true, // BounceGuardTableName, ...: what `ses-bounce-guard smoke-test --stack MailStack --guard BounceGuard` reads
});
guard.grantCheck(sender);
sender.addEnvironment('SUPPRESSION_TABLE', guard.table.tableName);

app.synth();
