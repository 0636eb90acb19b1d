import { defineConfig } from 'vitest/config';

/**
 * Four projects, by what a test needs (docs/testing.md):
 * - unit: pure code and construct templates. No Java, no esbuild (CDK bundling is skipped through
 *   the context CDK itself reads), no network, and one module cache per worker (not isolated), so
 *   that aws-cdk-lib loads once per worker rather than once per file: `npm run test:unit`.
 * - compliance: the same kind of templates run through cdk-nag, the Control Tower rules
 *   (cfn-guard) and template diffs before and after each change: slow by nature, apart.
 * - integration: DynamoDB Local (started once by globalSetup) and loopback stubs of AWS endpoints.
 *   Every test file that is not listed as unit or system lands here, so none is ever left out.
 * - system: whole programs in child processes: the synthesized app and its bundle, `npm start`, the
 *   CLI's bin, and the packed package installed into a consumer app.
 */
const UNIT = [
  'test/domain/**/*.test.ts',
  'test/lib/**/*.test.ts',
  'test/admin/{auditItem,csv,invocationPayload,operatorEvent,parseImport}.test.ts',
  'test/lambda/bounceHandler/readHandlerEnvironment.test.ts',
  'test/receiver/feedbackIdOf.test.ts',
  'test/receiver/authenticity/{certificateUrl,checkConfigurationSet,subscribeUrl}.test.ts',
  'test/helpers/loopbackOnly.test.ts',
  'test/util/**/*.test.ts',
  'test/docs/**/*.test.ts',
];
const COMPLIANCE = [
  'test/lib/nag/**/*.test.ts',
  'test/lib/lifecycle.test.ts',
  'test/lib/replicaRegions.test.ts',
  'test/lib/SesBounceGuardStack.test.ts',
  'test/lib/constructs/ApplicationEvents.test.ts',
];
const SYSTEM = ['test/bin/**/*.test.ts', 'test/local/**/*.test.ts', 'test/system/**/*.test.ts', 'test/cli/*bin.test.ts'];

/** CDK reads context from this variable: every App skips asset bundling. */
const NO_BUNDLING = { CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:bundling-stacks': [] }) };

/** Credentials and region for DynamoDB Local and the loopback stubs; no test reaches AWS. */
const LOCAL_AWS = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  POWERTOOLS_DEV: 'false',
  // The SDK's notice that its 2027 releases need Node 22 would repeat in every test's output.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export default defineConfig({
  test: {
    reporters: ['default', './test/helpers/summaryReporter.ts'],
    env: LOCAL_AWS,
    // Generous: the machines are shared, and the first test of a file pays for loading aws-cdk-lib.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    coverage: {
      provider: 'v8',
      include: ['lib/**', 'lambda/**', 'src/**', 'local/**'],
      reporter: ['text-summary', 'json-summary'],
      // Measured on the whole suite; a change that drops coverage below them fails CI.
      thresholds: { lines: 88, branches: 82 },
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: UNIT,
          exclude: COMPLIANCE,
          env: { ...LOCAL_AWS, ...NO_BUNDLING },
          // Pure tests and in-memory synths share nothing but loaded modules: loading aws-cdk-lib
          // (about 10 s) once per worker instead of once per file is most of the project's time.
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: 'compliance', include: COMPLIANCE, env: { ...LOCAL_AWS, ...NO_BUNDLING } },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...UNIT, ...COMPLIANCE, ...SYSTEM],
          globalSetup: ['test/helpers/globalSetup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'system', include: SYSTEM, globalSetup: ['test/helpers/globalSetup.ts'], testTimeout: 300_000 },
      },
    ],
  },
});
