import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { SesBounceGuardStack } from '../../lib/SesBounceGuardStack';
import { DEPLOYMENT_DIMENSION } from '../../src/metrics/metricNames';
import { renderJoin } from '../helpers/cdk';

type Resources = Record<string, { Type: string; Properties: Record<string, any> }>;

/** Two deployments in one account and region: a staging and a production stack of one app. */
function twoStacks(): { staging: Resources; production: Resources } {
  const app = new App();
  const env = { account: '123456789012', region: 'eu-west-1' };
  const staging = new SesBounceGuardStack(app, 'Staging', { env, stackName: 'Mail-Staging' });
  const production = new SesBounceGuardStack(app, 'Production', { env, stackName: 'Mail-Production' });
  return { staging: Template.fromStack(staging).toJSON().Resources, production: Template.fromStack(production).toJSON().Resources };
}

function ofType(resources: Resources, type: string): Resources {
  return Object.fromEntries(Object.entries(resources).filter(([, resource]) => resource.Type === type));
}

describe('The Deployment dimension: two guards in one account and region', () => {
  let staging: Resources;
  let production: Resources;

  beforeAll(() => {
    ({ staging, production } = twoStacks());
  });

  it('hands each function its own deployment: the stack name and the construct path', () => {
    // Act
    const deploymentOf = (resources: Resources) =>
      Object.values(ofType(resources, 'AWS::Lambda::Function'))
        .map((fn) => fn.Properties.Environment?.Variables?.DEPLOYMENT)
        .filter((value) => value !== undefined);

    // Assess
    expect(deploymentOf(staging)).toEqual(['Mail-Staging/Guard']);
    expect(deploymentOf(production)).toEqual(['Mail-Production/Guard']);
  });

  it('gives the two stacks alarms that differ in exactly that dimension', () => {
    // Prepare: each stack's alarms, with its own Deployment value written as a placeholder.
    const normalized = (resources: Resources, deployment: string) =>
      JSON.parse(JSON.stringify(ofType(resources, 'AWS::CloudWatch::Alarm')).replaceAll(`"${deployment}"`, '"<deployment>"'));
    const handlerAlarms = (resources: Resources) =>
      Object.values(ofType(resources, 'AWS::CloudWatch::Alarm')).filter((alarm) => alarm.Properties.Namespace === 'SesBounceGuard');

    // Act
    const stagingAlarms = normalized(staging, 'Mail-Staging/Guard');
    const productionAlarms = normalized(production, 'Mail-Production/Guard');

    // Assess: the same alarms once the dimension is set aside, and every alarm on the handler's
    // own metrics names its deployment (the others watch the function, queues and configuration
    // set by their own dimensions, or SES's account-wide rates).
    expect(stagingAlarms).toEqual(productionAlarms);
    expect(JSON.stringify(ofType(staging, 'AWS::CloudWatch::Alarm'))).not.toEqual(JSON.stringify(ofType(production, 'AWS::CloudWatch::Alarm')));
    expect(handlerAlarms(staging).map((alarm) => alarm.Properties.MetricName)).toEqual(['RejectedMessages', 'FailedRecords']);
    for (const alarm of handlerAlarms(staging)) expect(alarm.Properties.Dimensions).toContainEqual({ Name: DEPLOYMENT_DIMENSION, Value: 'Mail-Staging/Guard' });
    for (const alarm of handlerAlarms(production))
      expect(alarm.Properties.Dimensions).toContainEqual({ Name: DEPLOYMENT_DIMENSION, Value: 'Mail-Production/Guard' });
  });

  it("draws each dashboard's handler metrics for its own deployment only", () => {
    // Act
    const handlerMetricsOf = (resources: Resources) => {
      const [dashboard] = Object.values(ofType(resources, 'AWS::CloudWatch::Dashboard'));
      const body = JSON.parse(renderJoin(dashboard?.Properties.DashboardBody)) as { widgets: { properties: { metrics?: unknown[][] } }[] };
      return body.widgets.flatMap((widget) => widget.properties.metrics ?? []).filter((metric) => metric[0] === 'SesBounceGuard');
    };

    // Assess
    for (const [resources, deployment] of [
      [staging, 'Mail-Staging/Guard'],
      [production, 'Mail-Production/Guard'],
    ] as const) {
      const metrics = handlerMetricsOf(resources);
      expect(metrics.length).toBeGreaterThan(0);
      for (const metric of metrics) expect(metric.slice(2, 4)).toEqual([DEPLOYMENT_DIMENSION, deployment]);
    }
  });
});
