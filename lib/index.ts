/**
 * The construct layer (`ses-bounce-guard/cdk`): what a CDK app composes. `aws-cdk-lib` and
 * `constructs` are the app's own (peer dependencies).
 */
export { SesBounceGuard } from './SesBounceGuard';
export type { ConfigurationSetProps, SesBounceGuardProps } from './SesBounceGuard';
export { SesBounceGuardStack } from './SesBounceGuardStack';
export type { SesBounceGuardStackProps } from './SesBounceGuardStack';
export { AccountSuppression } from './constructs/AccountSuppression';
export { ApplicationEvents } from './constructs/ApplicationEvents';
export type { ApplicationEventsOptions, ApplicationEventsProps } from './constructs/ApplicationEvents';
export { BounceHandler } from './constructs/BounceHandler';
export type { BounceHandlerProps } from './constructs/BounceHandler';
export { DEFAULT_LOG_RETENTION, DeliveryMode } from './constructs/constants';
export { IdentityDefaultConfigurationSet } from './constructs/IdentityDefaultConfigurationSet';
export { Monitoring } from './constructs/Monitoring';
export type { MonitoringProps, ReputationThresholds } from './constructs/Monitoring';
export { DEFAULT_CONFIGURATION_SET_NAME, SesEventPipeline } from './constructs/SesEventPipeline';
export type { SesEventPipelineProps } from './constructs/SesEventPipeline';
export { SuppressionTable } from './constructs/SuppressionTable';
export type { SuppressionTableProps } from './constructs/SuppressionTable';
export { InvalidPropsError } from './validation/InvalidPropsError';
export { DEFAULT_POLICY } from '../src/domain/policy';
export type { SuppressionPolicy } from '../src/domain/policy';
