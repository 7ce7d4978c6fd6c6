/** The name a mistyped one most likely meant: for "did you mean" in a refusal. */

/** The number of single-character insertions, deletions, substitutions and swaps of neighbours between `a` and `b`. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const substitution = rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}

/**
 * The one name among `names` that `typed` differs from only in letter case, or else by at most two
 * edits (one for a name of four characters or fewer); undefined when none, or when several are as close.
 */
export function closestName(typed: string, names: Iterable<string>): string | undefined {
  const candidates = [...names];
  const sameLetters = candidates.filter((name) => name.toLowerCase() === typed.toLowerCase());
  if (sameLetters.length === 1) return sameLetters[0];
  const allowed = typed.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = allowed + 1;
  let tied = false;
  for (const name of candidates) {
    const distance = editDistance(typed.toLowerCase(), name.toLowerCase());
    if (distance < bestDistance) [best, bestDistance, tied] = [name, distance, false];
    else if (distance === bestDistance) tied = true;
  }
  return best !== undefined && !tied ? best : undefined;
}

/** "; did you mean <name>?" for the closest name, or nothing. */
export function didYouMean(typed: string, names: Iterable<string>): string {
  const name = closestName(typed, names);
  return name === undefined ? "" : `; did you mean ${name}?`;
}
