/**
 * The known name nearest to a typo: the same letters ignoring case, or at most `maxEdits` edits
 * (Levenshtein), so that a "did you mean" suggests only what was plausibly meant.
 *
 * @example
 * nearestName('--reasn', ['--reason', '--note']); // '--reason'
 * @param maxEdits - the most edits a suggestion may be away
 */
function nearestName(typed: string, known: readonly string[], maxEdits = 3): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = name.toLowerCase() === typed.toLowerCase() ? 0 : editDistance(typed.toLowerCase(), name.toLowerCase());
    if (best === undefined || distance < best.distance) best = { name, distance };
  }
  return best !== undefined && best.distance <= maxEdits ? best.name : undefined;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

export { editDistance, nearestName };
