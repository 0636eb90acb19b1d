import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DeliveryMode } from '../../../lib/constructs/constants';
import { SesBounceGuard } from '../../../lib/SesBounceGuard';

const ROOT = join(__dirname, '..', '..', '..');

/** The anchors GitHub gives the headings of a Markdown file: lower case, spaces to '-', punctuation dropped. */
function anchorsOf(markdown: string): Set<string> {
  const headings = markdown.split('\n').filter((line) => /^#{1,6} /.test(line));
  return new Set(
    headings.map((line) =>
      line
        .replace(/^#+ /, '')
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9 _-]/g, '')
        .replace(/ /g, '-'),
    ),
  );
}

function alarmDescriptions(deliveryMode: DeliveryMode): Record<string, string> {
  const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Runbook');
  new SesBounceGuard(stack, 'Guard', { deliveryMode });
  const alarms = Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm');
  return Object.fromEntries(Object.entries(alarms).map(([logicalId, alarm]) => [logicalId, alarm.Properties.AlarmDescription as string]));
}

describe('Runbook: docs/monitoring.md', () => {
  it.each([DeliveryMode.DIRECT, DeliveryMode.QUEUE])('has the section every alarm of the %s-mode guard links to', (mode) => {
    // Prepare
    const anchors = anchorsOf(readFileSync(join(ROOT, 'docs', 'monitoring.md'), 'utf8'));
    const descriptions = alarmDescriptions(mode);

    // Act
    const links = Object.entries(descriptions).map(
      ([logicalId, description]) =>
        [logicalId, /Runbook: https:\/\/unpkg\.com\/ses-bounce-guard\/docs\/monitoring\.md#([a-z0-9-]+)$/.exec(description)?.[1]] as const,
    );

    // Assess
    // Queue mode adds the queue's age alarm; the application events add their on-failure queue's.
    expect(links.length).toBe(mode === DeliveryMode.QUEUE ? 17 : 16);
    expect(links.filter(([, anchor]) => anchor === undefined)).toEqual([]);
    expect(links.filter(([, anchor]) => !anchors.has(anchor as string))).toEqual([]);
    expect(new Set(links.map(([, anchor]) => anchor)).size).toBe(links.length);
  });

  it('links an absolute URL under runbookBaseUrl when one is given, and refuses a relative one at synth', () => {
    // Prepare
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Runbook');
    new SesBounceGuard(stack, 'Guard', { runbookBaseUrl: 'https://github.com/example/mail/blob/v1/docs/' });
    const refused = new Stack(new App(), 'Refused');

    // Act
    const descriptions = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties.AlarmDescription);
    const relative = () => new SesBounceGuard(refused, 'Guard', { runbookBaseUrl: 'docs' });

    // Assess
    expect(descriptions).toContainEqual(expect.stringMatching(/Runbook: https:\/\/github\.com\/example\/mail\/blob\/v1\/docs\/monitoring\.md#handlererrors$/));
    for (const description of descriptions)
      expect(description).toMatch(/Runbook: https:\/\/github\.com\/example\/mail\/blob\/v1\/docs\/monitoring\.md#[a-z]+$/);
    expect(relative).toThrow(/runbookBaseUrl "docs" is not an absolute URL/);
  });
});
