import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/helpers/summaryReporter.ts'],
    globalSetup: ['test/helpers/globalSetup.ts'],
    // Credentials and region for DynamoDB Local and the loopback stubs; no test reaches AWS.
    env: {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      POWERTOOLS_DEV: 'false',
      // Node 20 is supported here until its end of life; the SDK's notice (once per process, so once per worker and child) would flood the output: https://github.com/aws/aws-sdk-js-v3/issues/7983
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
