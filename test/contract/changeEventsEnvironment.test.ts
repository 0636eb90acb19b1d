import { describe, expect, it } from 'vitest';
import { changeEventsEnvironment, readChangeEventsEnvironment } from '../../src/contract/changeEventsEnvironment';

describe('Function: readChangeEventsEnvironment', () => {
  it('reads back what changeEventsEnvironment sets', () => {
    // Act
    const settings = readChangeEventsEnvironment(changeEventsEnvironment({ eventBusName: 'bus', softRecordEvents: true }));

    // Assess
    expect(settings).toEqual({ eventBusName: 'bus', softRecordEvents: true });
  });

  it('takes soft record events as off when unset', () => {
    // Act & Assess
    expect(readChangeEventsEnvironment({ EVENT_BUS_NAME: 'bus' })).toEqual({ eventBusName: 'bus', softRecordEvents: false });
  });

  it('refuses a missing bus and an unreadable flag in one error', () => {
    // Act & Assess
    expect(() => readChangeEventsEnvironment({ SOFT_RECORD_EVENTS: 'yes' })).toThrow(
      'change-events configuration: EVENT_BUS_NAME is not set; SOFT_RECORD_EVENTS must be true or false (got "yes")',
    );
  });
});
