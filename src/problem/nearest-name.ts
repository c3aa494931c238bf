/** "Did you mean": the closest of a list of names to one typed, when it is near enough to be a likely typo. */

/** The closest of `names` to `typed` when it is near enough to be a likely typo. */
export function nearest(typed: string, names: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const name of names) {
    const d = editDistance(typed, name)
    if (d < bestDistance) {
      best = name
      bestDistance = d
    }
  }
  const limit = typed.length <= 3 ? 1 : 2
  if (best !== undefined && (bestDistance <= limit || best.startsWith(typed) || typed.startsWith(best))) return best
  return undefined
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({length: b.length + 1}, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]
}
