import type { SigningAuthority } from '../local/snsSigningAuthority';
import { type BounceSpec, deliverToContainers, shuffled, signedNotifications } from './containers';
import { type Figure, spreadOf } from './measure';
import type { BenchHandlerFactory } from './workload';

const ADDRESSES = 500;
const EVENTS_PER_ADDRESS = 4;
const ROUNDS = 3;
const MINUTE = 60_000;

/**
 * DynamoDB requests per recipient-event when events arrive in time order, shuffled (SNS and SQS
 * do not keep order) and reversed: 500 addresses × 4 Permanent bounces, one recipient per
 * notification, through the handler. Once with one warm execution environment, once with four
 * taking notifications as they come (so an address's events often meet one that has not seen it).
 */
async function measureEventOrder(endpoint: string, authority: SigningAuthority, makeHandler: BenchHandlerFactory): Promise<Figure[]> {
  const specs: BounceSpec[] = [];
  for (let k = 0; k < EVENTS_PER_ADDRESS; k++) {
    for (let a = 0; a < ADDRESSES; a++) specs.push({ address: `order${a}@example.com`, at: Date.UTC(2026, 10, 1) + (k * ADDRESSES + a) * MINUTE });
  }
  const notifications = signedNotifications(authority, specs, 'order');
  const orders = {
    'in time order': () => notifications,
    shuffled: (round: number) => shuffled(notifications, round + 1),
    reversed: () => [...notifications].reverse(),
  };
  const figures: Figure[] = [];
  for (const containers of [1, 4]) {
    for (const [name, order] of Object.entries(orders)) {
      const perEvent: number[] = [];
      let failed = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const delivery = await deliverToContainers(endpoint, makeHandler, order(round), containers);
        perEvent.push(delivery.requestsPerEvent);
        failed += delivery.failed;
      }
      const spread = spreadOf(perEvent);
      const inOrder = name === 'in time order';
      figures.push({
        name: `${name}, ${containers} in flight: requests per event`,
        ...spread,
        unit: 'req',
        target: inOrder ? '= 1' : '<= 1.3',
        meets: failed === 0 && (inOrder ? spread.max === 1 : spread.max <= 1.3),
      });
    }
  }
  return figures;
}

export { measureEventOrder };
