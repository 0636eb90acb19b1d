import { describe, expect, it } from 'vitest';
import { evaluateSmokeTest, type SmokeTestObservations } from '../../../src/admin/smokeTest/evaluateSmokeTest';
import type { MetricIdentity } from '../../../src/metrics/sesReputation';

/** The four metrics, spelled out here (not built by the module under test). */
const ALL_METRICS: MetricIdentity[] = [
  { namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', dimensions: [] },
  { namespace: 'AWS/SES', metricName: 'Reputation.ComplaintRate', dimensions: [] },
  { namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', dimensions: [{ name: 'ses:configuration-set', value: 'txn-mail' }] },
  { namespace: 'AWS/SES', metricName: 'Reputation.ComplaintRate', dimensions: [{ name: 'ses:configuration-set', value: 'txn-mail' }] },
];

const healthy: SmokeTestObservations = {
  configurationSetName: 'txn-mail',
  bounceRecorded: true,
  complaintRecorded: true,
  deadLetterDepths: { ProcessingDeadLetterQueueUrl: 0, DeliveryDeadLetterQueueUrl: 0 },
  topicMessagesPublished: 2,
  metricsFound: ALL_METRICS,
};

const failing = (observed: SmokeTestObservations) => evaluateSmokeTest(observed).filter((row) => !row.passed);

describe('Function: evaluateSmokeTest', () => {
  it('passes every row of a healthy deployment, with no fix', () => {
    // Act
    const rows = evaluateSmokeTest(healthy);

    // Assess
    expect(rows.map((row) => row.check)).toEqual([
      'topic published',
      'bounce recorded',
      'complaint recorded',
      'ProcessingDeadLetterQueueUrl empty',
      'DeliveryDeadLetterQueueUrl empty',
      'Reputation.BounceRate (account)',
      'Reputation.BounceRate (configuration set txn-mail)',
      'Reputation.ComplaintRate (account)',
      'Reputation.ComplaintRate (configuration set txn-mail)',
    ]);
    expect(rows.filter((row) => !row.passed || row.fix !== '')).toEqual([]);
  });

  it('points at the topic key policy when the topic published nothing, and sends the missing items there too', () => {
    // Act
    const rows = failing({ ...healthy, topicMessagesPublished: 0, bounceRecorded: false, complaintRecorded: false });

    // Assess
    expect(rows.map((row) => row.check)).toEqual(['topic published', 'bounce recorded', 'complaint recorded']);
    expect(rows[0]?.fix).toContain('topic key policy');
    expect(rows[1]?.fix).toContain('fix the "topic published" row first');
  });

  it('points at the handler when the topic published but an item is missing', () => {
    // Act
    const rows = failing({ ...healthy, complaintRecorded: false });

    // Assess
    expect(rows.map((row) => [row.check, row.detail])).toEqual([['complaint recorded', 'not in the table before the wait ran out']]);
    expect(rows[0]?.fix).toContain("handler's log group");
  });

  it('reports a dead-letter queue with messages and how to redrive them', () => {
    // Act
    const rows = failing({ ...healthy, deadLetterDepths: { ProcessingDeadLetterQueueUrl: 3, DeliveryDeadLetterQueueUrl: 0 } });

    // Assess
    expect(rows.map((row) => [row.check, row.detail])).toEqual([['ProcessingDeadLetterQueueUrl empty', '3 message(s)']]);
    expect(rows[0]?.fix).toContain('redrive');
  });

  it('requires the reputation metrics with the exact dimension set: another configuration set or an extra dimension does not count', () => {
    // Prepare
    const [accountBounce, accountComplaint] = ALL_METRICS as [MetricIdentity, MetricIdentity];
    const metricsFound: MetricIdentity[] = [
      accountBounce,
      accountComplaint,
      { namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', dimensions: [{ name: 'ses:configuration-set', value: 'other-set' }] },
      {
        namespace: 'AWS/SES',
        metricName: 'Reputation.ComplaintRate',
        dimensions: [
          { name: 'ses:configuration-set', value: 'txn-mail' },
          { name: 'ses:caller-identity', value: 'x' },
        ],
      },
    ];

    // Act
    const rows = failing({ ...healthy, metricsFound });

    // Assess
    expect(rows.map((row) => [row.check, row.detail])).toEqual([
      ['Reputation.BounceRate (configuration set txn-mail)', 'no AWS/SES metric with ses:configuration-set=txn-mail'],
      ['Reputation.ComplaintRate (configuration set txn-mail)', 'no AWS/SES metric with ses:configuration-set=txn-mail'],
    ]);
    expect(rows[0]?.fix).toContain('reputation metrics');
  });

  it('tells to wait for the account metrics when SES has published none yet', () => {
    // Act
    const rows = failing({ ...healthy, metricsFound: ALL_METRICS.slice(2) });

    // Assess
    expect(rows.map((row) => row.check)).toEqual(['Reputation.BounceRate (account)', 'Reputation.ComplaintRate (account)']);
    expect(rows[0]?.fix).toContain('again in a few minutes');
  });
});
