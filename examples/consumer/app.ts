import { App, Stack } from 'aws-cdk-lib';
import { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Code, Function, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SesBounceGuard } from 'ses-bounce-guard/cdk';

const app = new App();
const stack = new Stack(app, 'MailStack');

// Your own function that sends mail and must check the suppression table first.
const sender = new Function(stack, 'Sender', {
  runtime: Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: Code.fromInline('exports.handler = async () => {};'),
});

const guard = new SesBounceGuard(stack, 'BounceGuard', {
  // Adopt what you already have; leave these out to have the construct create them.
  existingConfigurationSetName: 'team-mail',
  existingSuppressionTable: Table.fromTableName(stack, 'Suppressions', 'team-suppressions'),
  alarmEmail: 'ops@example.com',
});
guard.grantCheck(sender);
sender.addEnvironment('SUPPRESSION_TABLE', guard.table.tableName);

app.synth();
