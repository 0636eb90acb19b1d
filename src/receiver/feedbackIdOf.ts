/**
 * The SES feedback id of a message that may be malformed or refused, for its log line only: the
 * string at `bounce.feedbackId` or `complaint.feedbackId`, clipped, or `undefined`. Never trusted
 * for anything else: a well-formed event's id comes from `parseSesEvent`.
 *
 * @param message - the envelope's `Message`, parsed once more from its JSON string
 */
function feedbackIdOf(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  for (const key of ['bounce', 'complaint']) {
    const feedback = (message as Record<string, unknown>)[key];
    const id = typeof feedback === 'object' && feedback !== null ? (feedback as Record<string, unknown>).feedbackId : undefined;
    // Hostile input can be megabytes long: a bounded prefix is enough to find the event.
    if (typeof id === 'string') return id.length > MAX_LENGTH ? `${id.slice(0, MAX_LENGTH)}…` : id;
  }
  return undefined;
}

const MAX_LENGTH = 128;

export { feedbackIdOf };
