/**
 * The construct layer (`ses-bounce-guard/cdk`): what a CDK app composes. `aws-cdk-lib` and
 * `constructs` are the app's own (peer dependencies).
 */

export type { SuppressionPolicy } from '../src/domain/policy';
export { DEFAULT_POLICY } from '../src/domain/policy';
export { AccountSuppression } from './constructs/AccountSuppression';
export type { ApplicationEventsOptions, ApplicationEventsProps } from './constructs/ApplicationEvents';
export { ApplicationEvents } from './constructs/ApplicationEvents';
export type { BounceHandlerProps } from './constructs/BounceHandler';
export { BounceHandler } from './constructs/BounceHandler';
export { DEFAULT_LOG_RETENTION, DeliveryMode } from './constructs/constants';
export type { GuardOutputsOptions } from './constructs/GuardOutputs';
export { GuardOutputs } from './constructs/GuardOutputs';
export { IdentityDefaultConfigurationSet } from './constructs/IdentityDefaultConfigurationSet';
export type { MonitoringProps, ReputationThresholds } from './constructs/Monitoring';
export { Monitoring } from './constructs/Monitoring';
export type { AdditionalConfigurationSet, SesEventPipelineProps } from './constructs/SesEventPipeline';
export { DEFAULT_CONFIGURATION_SET_NAME, SesEventPipeline } from './constructs/SesEventPipeline';
export type { SuppressionTableProps } from './constructs/SuppressionTable';
export { SuppressionTable } from './constructs/SuppressionTable';
export type { ConfigurationSetProps, SesBounceGuardProps } from './SesBounceGuard';
export { SesBounceGuard } from './SesBounceGuard';
export type { SesBounceGuardRegionProps } from './SesBounceGuardRegion';
export { SesBounceGuardRegion } from './SesBounceGuardRegion';
export type { SesBounceGuardRegionStackProps } from './SesBounceGuardRegionStack';
export { SesBounceGuardRegionStack } from './SesBounceGuardRegionStack';
export type { SesBounceGuardStackProps } from './SesBounceGuardStack';
export { SesBounceGuardStack } from './SesBounceGuardStack';
export { InvalidPropsError } from './validation/InvalidPropsError';
