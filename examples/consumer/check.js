// A service that sends mail: check every recipient before sending.
const { SuppressionChecker } = require('ses-bounce-guard');

const checker = new SuppressionChecker({ tableName: process.env.SUPPRESSION_TABLE });

async function main() {
  const checks = await checker.checkMany(process.argv.slice(2));
  for (const { address, outcome, record } of checks) {
    console.log(`${address}\t${outcome}\t${record ? record.reason : ''}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
