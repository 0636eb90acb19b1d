import type { SigningAuthority } from '../local/snsSigningAuthority';
import { type BounceSpec, deliverToContainers, signedNotifications } from './containers';
import { type Figure, spreadOf } from './measure';
import type { BenchHandlerFactory } from './workload';

const EVENTS = 240;
const ROUNDS = 5;

/**
 * One address that bounces on every mail (an alerting system mailing a dead address every few
 * seconds): 240 notifications of it, a second apart, with 4 and 16 invocations in flight, each
 * in its own warm execution environment; and, as the bad case, 16 in flight where every
 * invocation is a cold environment that remembers nothing. Failed records and requests per event.
 */
async function measureHotAddress(endpoint: string, authority: SigningAuthority, makeHandler: BenchHandlerFactory): Promise<Figure[]> {
  const specs: BounceSpec[] = Array.from({ length: EVENTS }, (_, i) => ({
    address: 'alerts@example.com',
    at: Date.UTC(2026, 10, 1) + i * 1000,
    bounceType: i % 4 === 3 ? 'Transient' : 'Permanent',
  }));
  const figures: Figure[] = [];
  const cases = [
    { label: '4 in flight', containers: 4, cold: false },
    { label: '16 in flight', containers: 16, cold: false },
    { label: '16 in flight, every invocation cold', containers: 16, cold: true },
  ];
  for (const { label, containers, cold } of cases) {
    const perEvent: number[] = [];
    const failed: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const notifications = signedNotifications(authority, specs, `hot${containers}${cold ? 'c' : ''}${round}`);
      const delivery = await deliverToContainers(endpoint, makeHandler, notifications, containers, { coldEveryTime: cold });
      perEvent.push(delivery.requestsPerEvent);
      failed.push(delivery.failed);
    }
    const spread = spreadOf(perEvent);
    figures.push(
      { name: `hot address, ${label}: failed records`, ...spreadOf(failed), unit: 'records', target: '= 0', meets: Math.max(...failed) === 0 },
      { name: `hot address, ${label}: requests per event`, ...spread, unit: 'req', target: '<= 2.0', meets: spread.max <= 2 },
    );
  }
  return figures;
}

export { measureHotAddress };
