import { createLocalSuppressionTable, localDocumentClientFor } from '../local/localDynamo';
import type { SigningAuthority } from '../local/snsSigningAuthority';
import { decide } from '../src/domain/decide';
import { parseSesEvent } from '../src/domain/sesEvent';
import type { RecipientEvent } from '../src/domain/types';
import { SuppressionStore } from '../src/store/SuppressionStore';
import { type Figure, sideBySideRounds, spreadOf } from './measure';
import { type BenchHandlerFactory, inFlight, notificationBatch } from './workload';

const NOTIFICATIONS = 1000;
const IN_FLIGHT = 4;
const ROUNDS = 9;

/**
 * The common transactional case, one recipient per notification, so that nothing the handler does
 * per notification (verifying, parsing, logging, metrics) is shared among recipients: the handler
 * against the same UpdateItems sent directly, 4 in flight each, on fresh tables, round by round.
 */
async function measureOneRecipient(endpoint: string, authority: SigningAuthority, makeHandler: BenchHandlerFactory): Promise<Figure[]> {
  const client = localDocumentClientFor(endpoint);
  let round = 0;
  const times = await sideBySideRounds(ROUNDS, {
    handler: async () => {
      const handler = makeHandler(await createLocalSuppressionTable(client, 'bench-one-handler'), endpoint);
      const events = notificationBatch(authority, NOTIFICATIONS, 1, `one-h${round++}`);
      return () => inFlight(events, IN_FLIGHT, (event) => handler(event));
    },
    direct: async () => {
      const store = new SuppressionStore({ tableName: await createLocalSuppressionTable(client, 'bench-one-direct'), client });
      const events = notificationBatch(authority, NOTIFICATIONS, 1, `one-d${round++}`).flatMap((event): RecipientEvent[] => {
        const parsed = parseSesEvent(JSON.parse(event.Records[0]?.Sns.Message ?? '{}'));
        return parsed.kind === 'ignored' ? [] : decide(parsed).events;
      });
      return () => inFlight(events, IN_FLIGHT, (event) => store.apply(event));
    },
  });
  // Round i of each contender ran back to back, so their ratio shares that moment's load.
  const ratios = times.handler.map((handler, i) => (times.direct[i] as number) / handler);
  const ratio = spreadOf(ratios);
  return [
    { name: '1 recipient/notification, handler: notifications/s', ...spreadOf(times.handler.map((ms) => (NOTIFICATIONS / ms) * 1000)), unit: '/s' },
    { name: '1 recipient/notification, same UpdateItems sent directly: writes/s', ...spreadOf(times.direct.map((ms) => (NOTIFICATIONS / ms) * 1000)), unit: '/s' },
    { name: '1 recipient/notification, handler / same UpdateItems sent directly', ...ratio, unit: 'x', target: '>= 0.8', meets: ratio.value >= 0.8 },
  ];
}

export { measureOneRecipient };
