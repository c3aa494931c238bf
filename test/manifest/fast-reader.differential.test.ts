import {describe, expect, it} from 'vitest'
import {DocumentLocator} from '../../src/manifest/document-locator.js'
import {readFast} from '../../src/manifest/fast-block-reader.js'
import {readFull} from '../../src/manifest/full-yaml-reader.js'

// The fast reader must agree with the full parser (the `yaml` package with the YAML 1.1 resolver) on every
// document it accepts, values and recorded item positions alike; on anything else it must give up.

/** A small seeded PRNG (mulberry32), so that a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const KEYS = [
  'name', 'node', 'spec', 'metadata', 'labels', 'ports', 'port', 'protocol', 'interfaceName', 'items', 'kind',
  'apiVersion', 'yes', 'on', 'n', 'true', '1', '0x10', '1.5', 'null', '~', 'a b', 'example.com/tier', 'x-y', '-x',
  'a#b', 'a:b', 'ключ', '"quoted key"', "'single key'", '"a: b"', '"with \\"escape\\""', 'constructor', '__proto__',
  '"__proto__"', 'toString', '<<', '? complex', '&anchor', '*alias', '!tag', '[flow]', '{flow}', 'key  ', '.5', '@at',
  '%pct', 'tab\there', 'a #comment',
]

const SCALARS = [
  '[]', '{}', '[a, b]', '["x", \'y\']', '{a: 1, b: [c, "d"]}', '[yes, 0x10, ~, "on"]', '[[1, 2], [3]]',
  '{name: x}', '[a] # c',
  'eth0', 'TCP', 'UDP', 'node-1', 'hello world', '80', '-1', '+5', '0', '-0', '0755', '0o17', '08', '0x1F', '0b101',
  '1_000', '1.5', '.5', '1e3', '1e999', '.inf', '-.Inf', '.nan', 'yes', 'No', 'on', 'OFF', 'y', 'n', 'true', 'FALSE',
  '~', 'null', 'NULL', '', '10.0.0.1', '2001:db8::1', 'http://example.com', 'a:b', 'a: b', 'ends:', 'a #comment',
  'a#b', '#only comment', '"double"', '"with \\"escapes\\" \\n \\t \\u00e9 \\x41 \\\\"', '"bad \\q escape"',
  "'single'", "'it''s'", "''", '""', '"unterminated', "'unterminated", '"x" trailing', '"x" # comment',
  '&a anchored', '*a', '!!str 5', '!!int "5"', '[1, 2]', '{a: 1}', '|', '>', '- item', '-item', '?q', ':c',
  'trailing   ', 'tab\tinside', 'ü ñ 中文', '@x', '`x', '%x', ',x', 'x,y', 'a]b', '1:20', '2001-01-01',
  '"\\U0001F600"', '"\\_\\N"', 'value # with: colon in comment',
  '[a,b]', '[a , b ]', '[a, ]', '[, a]', '{a: 1, a: 2}', '[a: b]', '{a:1}', '[a # c]', '[a]#c', '{"a": 1}',
  "[a, 'b''c']", '{a: {b: c}}', '[a b, c]', '[a, b', '{a, b}', '{a: }', '[-a, - b]', '[&x a]', '{yes: 1}',
  '{"k": v}', '[a]]', '[a] b', '{__proto__: 1}', '{constructor: 1}',
]

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]
}

/** Mostly ordinary entries (the first `common` of the pool), sometimes any. */
function pickMostly(r: () => number, xs: readonly string[], common: number): string {
  return r() < 0.8 ? xs[Math.floor(r() * common)] : pick(r, xs)
}

/** A block node at `indent`, as lines. */
function blockLines(r: () => number, indent: number, depth: number): string[] {
  const pad = ' '.repeat(indent)
  const lines: string[] = []
  const kind = depth > 4 ? 'map-scalars' : r() < 0.65 ? 'map' : 'seq'
  const count = 1 + Math.floor(r() * 4)
  for (let i = 0; i < count; i++) {
    if (r() < 0.08) lines.push(r() < 0.5 ? '' : `${pad}# a comment`)
    const step = r() < 0.8 ? 2 : r() < 0.5 ? 4 : 1
    if (kind === 'seq') {
      const roll = r()
      if (roll < 0.4) {
        lines.push(`${pad}- ${pickMostly(r, SCALARS, 53)}`.trimEnd())
      } else if (roll < 0.7) {
        // compact mapping in a sequence item
        const inner = blockLines(r, indent + 2, depth + 1)
        if (inner.length > 0 && /^\s*[^-\s#]/.test(inner[0]) && inner[0].startsWith(' '.repeat(indent + 2))) {
          lines.push(`${pad}- ${inner[0].slice(indent + 2)}`, ...inner.slice(1))
        } else {
          lines.push(`${pad}-`, ...inner)
        }
      } else if (roll < 0.8) {
        lines.push(`${pad}-`)
      } else {
        lines.push(`${pad}-`, ...blockLines(r, indent + step, depth + 1))
      }
    } else {
      const key = pickMostly(r, KEYS, 33)
      const roll = r()
      if (roll < 0.55 || kind === 'map-scalars') {
        lines.push(`${pad}${key}: ${pickMostly(r, SCALARS, 53)}`.trimEnd())
      } else if (roll < 0.65) {
        lines.push(`${pad}${key}:`)
      } else if (roll < 0.75) {
        // a sequence at the same indent as its key
        lines.push(`${pad}${key}:`, ...blockLines(r, indent, depth + 1).filter(l => l.trimStart().startsWith('-') || l.trim() === ''))
      } else {
        lines.push(`${pad}${key}:${r() < 0.1 ? ' # c' : ''}`, ...blockLines(r, indent + step, depth + 1))
      }
    }
  }
  // Now and then, something out of line.
  if (r() < 0.05) lines.splice(Math.floor(r() * lines.length), 0, `${' '.repeat(Math.floor(r() * 6))}${pick(r, SCALARS)}`)
  return lines
}

function document(r: () => number): string {
  let lines = blockLines(r, 0, 0)
  if (r() < 0.2) lines.unshift(r() < 0.5 ? '---' : '--- # start')
  if (r() < 0.1) lines.unshift('# header')
  if (r() < 0.1) lines = lines.map(l => (r() < 0.1 ? `${l}   ` : l))
  let text = lines.join('\n') + (r() < 0.8 ? '\n' : '')
  if (r() < 0.15) text = text.replaceAll('\n', '\r\n')
  return text
}

/** Deep equality that also tells NaN from everything but NaN and checks own keys exactly. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) || a === b
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  if (ka.length !== kb.length || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
  return ka.every((k, i) => k === kb[i] && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

function check(text: string): 'accepted' | 'gave-up' {
  const fast = readFast(text, 0, text.length, 1)
  if (fast === undefined) return 'gave-up'
  const full = readFull(text, 0, text.length, 1)
  const context = `document:\n${text}\nfast: ${JSON.stringify(fast.value)}\nfull: ${JSON.stringify(full.map(d => [d.value, d.problems]))}`
  expect(full.length, context).toBeLessThanOrEqual(1)
  if (full.length === 0) {
    expect(fast.empty, context).toBe(true)
    return 'accepted'
  }
  expect(full[0].problems, context).toEqual([])
  expect(same(fast.value, full[0].value), context).toBe(true)
  expect(fast.empty, context).toBe(full[0].empty)
  if (!fast.empty) expect([fast.line, fast.column], context).toEqual([full[0].line, full[0].column])
  // Item spans: the starts must agree (where an item's text ends is the readers' own choice).
  const starts = (spans?: number[]) => spans?.filter((_, i) => i % 4 < 3)
  if (Array.isArray(fast.value)) expect(starts(fast.rootItems), context).toEqual(starts(full[0].rootItems))
  if (fast.listItems !== undefined && full[0].listItems !== undefined) expect(starts(fast.listItems), context).toEqual(starts(full[0].listItems))
  if (!fast.empty) samePositions(text, fast.value)
  return 'accepted'
}

/** Every path of a value, and a missing child of each container. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix]
  if (value !== null && typeof value === 'object') {
    out.push([...prefix, 'zz-missing'], [...prefix, 99])
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, Array.isArray(value) ? Number(k) : k]))
  }
  return out
}

/** The fast reader's positions must be the `yaml` package's, for every path, keys and values. */
function samePositions(text: string, value: unknown): void {
  const origin = {line: 1, column: 1}
  const fast = new DocumentLocator(text, 0, text.length, 1, 0, origin)
  const slow = new DocumentLocator(text, 0, text.length, 1, 0, origin, 0, false)
  for (const path of paths(value)) {
    for (const target of ['key', 'value'] as const) {
      expect(fast.locate(path, target), `${target} of ${JSON.stringify(path)} in\n${text}`).toEqual(slow.locate(path, target))
    }
  }
}

describe('fast reader versus the full YAML parser', () => {
  it('agrees on thousands of generated block-style documents, or gives up', () => {
    const r = rng(Number(process.env.MANIFEST_DIFF_SEED ?? 20261126))
    const counts = {accepted: 0, 'gave-up': 0}
    for (let i = 0; i < 6000; i++) counts[check(document(r))]++
    // The test means something only if the fast reader takes a good share of them.
    expect(counts.accepted).toBeGreaterThan(1500)
    expect(counts['gave-up']).toBeGreaterThan(1000)
  })

  it('agrees on generated JSON documents, or gives up', () => {
    const r = rng(7)
    const json = (depth: number): unknown => {
      const roll = r()
      if (depth > 3 || roll < 0.4) return pick(r, [1, -2.5, 0, 1e21, 'x', 'yes', '0x10', '', true, false, null, 'é\n"\\', '\u2028'])
      if (roll < 0.7) return Array.from({length: Math.floor(r() * 4)}, () => json(depth + 1))
      const o: Record<string, unknown> = {}
      for (let i = 0; i < 4; i++) o[pick(r, ['a', 'b', 'items', 'yes', '1', 'a b', 'c'])] = json(depth + 1)
      return o
    }
    let accepted = 0
    for (let i = 0; i < 1500; i++) {
      const value = json(0)
      let text = JSON.stringify(value, null, r() < 0.5 ? 2 : undefined) ?? 'null'
      if (r() < 0.1) text = text.replace('}', ', "a": 1}') // maybe a duplicate key
      if (r() < 0.1) text = text.replace(',', ',,') // maybe broken
      if (check(text) === 'accepted') accepted++
    }
    expect(accepted).toBeGreaterThan(300)
  })

  it('agrees on hand-picked edge cases', () => {
    // Plain block style the fast reader is there for: it must take these, and agree.
    const accepted = [
      'a: 1\nb:\n- x\n- y\nc: 3\n',
      'a:\n  - x\n  -\n  - - y\n    - z\n',
      '- a: 1\n  b: 2\n- c: 3\n',
      '-   a: 1\n    b: 2\n',
      'a: "x" #c\nb: \'y\' # d\n',
      'a: b # c: d\n',
      'items:\n- apiVersion: v\n  kind: K\n-\n  kind: K2\n- x\n',
      '--- #c\na: 1\n',
      'a: 1\r\nb:\r\n  - 2\r\n',
      'a: [1]\n',
      'a:    \n',
      '- \n- # c\n-\n',
    ]
    for (const text of accepted) expect(check(text), text).toBe('accepted')
    // Malformed input, a BOM (dropped when input is decoded) and a `...` end marker (left to the full parser):
    // agree or give up.
    for (const text of ['\ufeffa: 1\n', 'a: 1\n  b: 2\n', 'a:\n b: 1\n  c: 2\n', '"a":1\n', 'a: 1\n...\n']) check(text)
    // These must not be taken by the fast reader.
    for (const text of ['a: &x 1\nb: *x\n', 'a: |\n  x\n', 'a: b\n  c\n', 'a: 1\na: 2\n', '__proto__: 1\n', '<<: {a: 1}\n', 'a:\tb\n']) {
      expect(readFast(text, 0, text.length, 1), text).toBeUndefined()
    }
  })
})
