/**
 * The change-events function's environment variables: the construct sets them, the function reads
 * them. Both import the names from here.
 */
const ChangeEventsEnv = {
  /** Name or ARN of the event bus the events are put on. */
  EVENT_BUS_NAME: 'EVENT_BUS_NAME',
  /** `true` to publish `Soft Record Changed` too; unset or `false` for not. */
  SOFT_RECORD_EVENTS: 'SOFT_RECORD_EVENTS',
} as const;

/** What the construct hands the function. */
interface ChangeEventsSettings {
  readonly eventBusName: string;
  readonly softRecordEvents: boolean;
}

/**
 * The function's environment as the construct sets it.
 *
 * @example
 * environment: changeEventsEnvironment({ eventBusName: bus.eventBusName, softRecordEvents: false })
 */
function changeEventsEnvironment(settings: ChangeEventsSettings): Record<string, string> {
  return {
    [ChangeEventsEnv.EVENT_BUS_NAME]: settings.eventBusName,
    [ChangeEventsEnv.SOFT_RECORD_EVENTS]: String(settings.softRecordEvents),
  };
}

/**
 * The settings back from an environment; throws when one is missing or unreadable, so that a
 * misconfigured function fails its first batch loudly instead of dropping events.
 */
function readChangeEventsEnvironment(env: Readonly<Record<string, string | undefined>>): ChangeEventsSettings {
  const problems: string[] = [];
  const eventBusName = env[ChangeEventsEnv.EVENT_BUS_NAME];
  if (eventBusName === undefined || eventBusName === '') problems.push(`${ChangeEventsEnv.EVENT_BUS_NAME} is not set`);
  const soft = env[ChangeEventsEnv.SOFT_RECORD_EVENTS] ?? 'false';
  if (soft !== 'true' && soft !== 'false') problems.push(`${ChangeEventsEnv.SOFT_RECORD_EVENTS} must be true or false (got ${JSON.stringify(soft)})`);
  if (problems.length > 0) throw new Error(`change-events configuration: ${problems.join('; ')}`);
  return { eventBusName: eventBusName as string, softRecordEvents: soft === 'true' };
}

export type { ChangeEventsSettings };
export { ChangeEventsEnv, changeEventsEnvironment, readChangeEventsEnvironment };
