/**
 * The contract between the stack and the functions it deploys: environment variable names, metric
 * names and the table's attribute names. Constructs and function code import them from this folder, and nothing else spells them.
 */

export { DEPLOYMENT_DIMENSION, METRICS_NAMESPACE, METRICS_SERVICE, MetricName, REASON_DIMENSION, SERVICE_DIMENSION } from '../metrics/metricNames';
export { Attr, PARTITION_KEY } from '../store/suppressionSchema';
export type { ChangeEventsSettings } from './changeEventsEnvironment';
export { ChangeEventsEnv, changeEventsEnvironment, readChangeEventsEnvironment } from './changeEventsEnvironment';
export type { HandlerSettings } from './handlerEnvironment';
export { HandlerEnv, handlerEnvironment, PolicyEnv } from './handlerEnvironment';
export { OUTPUT_PREFIX_PATTERN, OutputName, outputKey } from './stackOutputs';
