/**
 * A unified diff of two texts (for `hepctl diff`), in the format `diff -u` prints: `---`/`+++` headers and
 * hunks with three lines of context. Equal texts give ''.
 */

const CONTEXT = 3

/** How each kind of line is dressed (colour on a terminal); each is given one line without its newline. */
export interface DiffStyle {
  header: (line: string) => string
  hunk: (line: string) => string
  removed: (line: string) => string
  added: (line: string) => string
}

const same = (line: string): string => line
/** Plain text, as `diff -u` prints it. */
export const PLAIN_DIFF: DiffStyle = {header: same, hunk: same, removed: same, added: same}

type Op = {kind: ' ' | '-' | '+'; line: string}

function splitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

/** Line operations turning `a` into `b`, from a longest common subsequence (inputs are single objects: small). */
function lineOps(a: string[], b: string[]): Op[] {
  // Trim the common head and tail first: most diffs change a few lines in the middle.
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const n = endA - start
  const m = endB - start
  const lcs: Uint32Array[] = []
  for (let i = 0; i <= n; i++) lcs.push(new Uint32Array(m + 1))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[start + i] === b[start + j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1])
    }
  }
  const ops: Op[] = a.slice(0, start).map(line => ({kind: ' ' as const, line}))
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && a[start + i] === b[start + j]) {
      ops.push({kind: ' ', line: a[start + i]})
      i++
      j++
    } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      ops.push({kind: '+', line: b[start + j]})
      j++
    } else {
      ops.push({kind: '-', line: a[start + i]})
      i++
    }
  }
  for (const line of a.slice(endA)) ops.push({kind: ' ', line})
  // Within a run of changes, print removals before additions, as diff -u does.
  const sorted: Op[] = []
  for (let k = 0; k < ops.length;) {
    if (ops[k].kind === ' ') {
      sorted.push(ops[k++])
      continue
    }
    const run: Op[] = []
    while (k < ops.length && ops[k].kind !== ' ') run.push(ops[k++])
    sorted.push(...run.filter(o => o.kind === '-'), ...run.filter(o => o.kind === '+'))
  }
  return sorted
}

function range(start: number, count: number): string {
  // diff -u: an empty range is shown at the line before it; a one-line range without its count.
  if (count === 0) return `${start - 1},0`
  return count === 1 ? `${start}` : `${start},${count}`
}

/** The unified diff of `oldText` and `newText`, labelled, each line dressed by `style`; '' when they are equal. */
export function unifiedDiff(oldText: string, newText: string, oldLabel: string, newLabel: string, style: DiffStyle = PLAIN_DIFF): string {
  if (oldText === newText) return ''
  const ops = lineOps(splitLines(oldText), splitLines(newText))
  const changed = ops.map((op, k) => (op.kind !== ' ' ? k : -1)).filter(k => k >= 0)
  if (changed.length === 0) return ''
  let out = `${style.header(`--- ${oldLabel}`)}\n${style.header(`+++ ${newLabel}`)}\n`
  let k = 0
  while (k < changed.length) {
    const first = Math.max(changed[k] - CONTEXT, 0)
    let last = Math.min(changed[k] + CONTEXT, ops.length - 1)
    while (k + 1 < changed.length && changed[k + 1] - CONTEXT <= last + 1) {
      k++
      last = Math.min(changed[k] + CONTEXT, ops.length - 1)
    }
    k++
    // Line numbers at the hunk start.
    let oldLine = 1
    let newLine = 1
    for (let x = 0; x < first; x++) {
      if (ops[x].kind !== '+') oldLine++
      if (ops[x].kind !== '-') newLine++
    }
    let oldCount = 0
    let newCount = 0
    let body = ''
    for (let x = first; x <= last; x++) {
      const op = ops[x]
      if (op.kind !== '+') oldCount++
      if (op.kind !== '-') newCount++
      const line = `${op.kind}${op.line}`
      body += `${op.kind === '-' ? style.removed(line) : op.kind === '+' ? style.added(line) : line}\n`
    }
    out += `${style.hunk(`@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@`)}\n${body}`
  }
  return out
}
