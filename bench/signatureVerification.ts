import { snsEnvelopeFor } from '../local/envelopes';
import type { SigningAuthority } from '../local/snsSigningAuthority';
import { verifySignature } from '../src/receiver/authenticity/verifySignature';
import type { SnsEnvelope } from '../src/receiver/envelope';
import { type Figure, timed } from './measure';
import { BENCH_TOPIC_ARN, sesBounceEvent } from './workload';

const MESSAGES = 2000;

/** Signature verification with a warm certificate cache, against parsing the same envelopes. */
async function measureSignatureVerification(authority: SigningAuthority): Promise<Figure[]> {
  const envelopes = Array.from(
    { length: MESSAGES },
    (_, i) => authority.sign(snsEnvelopeFor(sesBounceEvent([`user${i}@example.com`], `sig-${i}`), BENCH_TOPIC_ARN)) as unknown as SnsEnvelope,
  );
  const warm = await verifySignature(envelopes[0] as SnsEnvelope);
  if (!warm.verified) throw new Error(`the bench's own signature does not verify: ${warm.reason}`);
  const ms = await timed(async () => {
    for (const envelope of envelopes) {
      const check = await verifySignature(envelope);
      if (!check.verified) throw new Error(check.reason);
    }
  });
  return [{ name: 'signature verification, warm cache', value: (MESSAGES / ms) * 1000, unit: 'msg/s' }];
}

export { measureSignatureVerification };
