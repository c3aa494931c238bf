import {Document, parse} from 'yaml'
import {describe, expect, it} from 'vitest'
import {directYaml, toYaml, toYamlReference} from '../../src/output/yaml-text.js'
import {list, stored} from './fixtures.js'

/** Strings where YAML emitters go wrong. */
const HOSTILE = [
  'yes', 'no', 'Yes', 'NO', 'on', 'Off', 'y', 'N', 'true', 'False', '~', 'null', 'Null', '', ' ', '1e3', '1E3', '0x1',
  '0x1F', '0o7', '017', '08', '0b101', '123', '-1', '+1', '1.5', '.5', '1.', '.inf', '-.Inf', '.nan', '1_000', '1:20',
  '1:20:30.5', '2024-05-01', '2024-05-01T12:00:00Z', '2024-5-1 1:2:3', ': ', 'a: b', 'a:', ':a', 'a:b', '#', 'a #b',
  'a#b', '# c', ' lead', 'trail ', '- a', '-', '-a', '--', '---', '---x', '...', '...x', '? a', '?', '?a', '[x', '{x',
  'x]', 'x}', 'a,b', '*a', '&a', '!a', '!!str', '|', '>', '%a', '@a', '`a', '"a', "'a", "it's", 'say "hi"', 'a\tb',
  'a\nb', 'a\n', '\na', 'a\n\nb', 'x \ny', '  two\nlines  ', 'é', 'ünïcödé', '日本語', '😀', 'a\u0000b', 'a\u0007',
  'a\u001bb', 'a\u0085b', 'a\u2028b', '\ud800', 'a\\b', '=', '<<', 'a=b', 'eth0', 'fd00::1', '10.0.0.1',
  'projectcalico-default-allow', 'example.com/tier', 'a/b/c', '_x', '.x', '..', 'x.', 'TCP', 'x'.repeat(200),
  ('long words ').repeat(20), '0', '00', '0.0', '-0', '1e', 'e1', 'NaN', 'Infinity', 'undefined',
]

/** Strings in the direct emitter's character set that must still be quoted (or not) exactly right. */
const LOOK_ALIKES = [...HOSTILE.filter(s => /^[A-Za-z0-9_./:@+=-]*$/.test(s)), '*', '*a', '&x', '!x', '%x', '@x', '|', '>', '#x', ',x', '[x', ']x', '{x', '}x', '`x']

/** A small deterministic PRNG, so a failure can be reproduced. */
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

function varied(seed: number) {
  const r = rng(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]
  // Mostly strings the direct emitter handles (including look-alikes it must quote), some it hands over.
  const str = (): string => {
    const x = r()
    if (x < 0.03) return pick(HOSTILE)
    if (x < 0.25) return pick(LOOK_ALIKES)
    return `plain-${Math.floor(r() * 1000)}`
  }
  const maybe = <T>(v: () => T): T | undefined => (r() < 0.7 ? v() : undefined)
  const map = (): Record<string, string> => {
    const out: Record<string, string> = {}
    const n = Math.floor(r() * 4)
    for (let i = 0; i < n; i++) out[str()] = str()
    return out
  }
  const obj = {
    apiVersion: 'projectcalico.org/v3',
    kind: 'HostEndpoint',
    metadata: {
      name: str(),
      labels: maybe(map),
      annotations: maybe(map),
      resourceVersion: maybe(() => String(Math.floor(r() * 100000))),
      uid: maybe(str),
      creationTimestamp: maybe(() => '2024-05-01T12:00:00Z'),
    },
    spec: {
      node: maybe(str),
      interfaceName: maybe(str),
      expectedIPs: maybe(() => Array.from({length: Math.floor(r() * 3)}, str)),
      profiles: maybe(() => Array.from({length: Math.floor(r() * 3)}, str)),
      ports: maybe(() => Array.from({length: Math.floor(r() * 3)}, () => ({
        name: str(),
        protocol: r() < 0.5 ? pick(['TCP', 'UDP', 'SCTP', 'tcp', 'ICMP', 'yes', '']) : pick([6, 17, 132, 0, 255]),
        port: pick([1, 80, 443, 65535, 0]),
      }))),
    },
  }
  return JSON.parse(JSON.stringify(obj)) as ReturnType<typeof stored>
}

describe('toYaml', () => {
  it('sorts keys in go-yaml\'s natural order', () => {
    expect(toYaml({rack10: 'a', rack9: 'b', Rack: 'c', _x: 'd'})).toBe('_x: d\nRack: c\nrack9: b\nrack10: a\n')
  })

  it('prints calicoctl-style YAML: sorted keys, unindented sequences, quoted look-alikes, final newline', () => {
    const text = toYaml(stored('hep-a'))
    expect(text).toBe(`apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  creationTimestamp: "2024-05-01T12:00:00Z"
  labels:
    env: prod
    example.com/tier: web
  name: hep-a
  resourceVersion: "17"
  uid: 6f1c9a52-2b7e-4c1b-9a34-0d6f1e8b7c21
spec:
  expectedIPs:
  - 10.0.0.1
  - fd00::1
  interfaceName: eth0
  node: node-hep-a
  ports:
  - name: https
    port: 443
    protocol: TCP
`)
  })

  it('single-quotes strings that start with an indicator, as go-yaml does (interfaceName: \'*\')', () => {
    expect(toYaml({spec: {interfaceName: '*'}})).toBe("spec:\n  interfaceName: '*'\n")
    expect(directYaml({spec: {interfaceName: '*'}})).toBe("spec:\n  interfaceName: '*'\n")
  })

  it('prints an empty List with items: []', () => {
    expect(toYaml(list([]))).toBe('apiVersion: projectcalico.org/v3\nitems: []\nkind: HostEndpointList\nmetadata:\n  resourceVersion: "42"\n')
  })

  it('quotes each hostile string exactly as the yaml package does, and it reads back unchanged', () => {
    for (const s of HOSTILE) {
      const value = {metadata: {name: s, labels: {[s]: s}}, spec: {profiles: [s], ports: [{name: s, port: 1, protocol: s}]}}
      const text = toYaml(value)
      expect(text, JSON.stringify(s)).toBe(toYamlReference(value))
      // The yaml package writes `<<` plain, which YAML 1.1 reads as a merge key; no valid HostEndpoint holds it.
      if (s !== '<<') expect(parse(text, {version: '1.1'}), JSON.stringify(s)).toEqual(value)
    }
  })

  it('equals the yaml package output on 2,000 varied objects, alone and in Lists', () => {
    const objects = Array.from({length: 2000}, (_, i) => varied(i + 1))
    // Most must take the direct path, or this test would only compare the yaml package with itself.
    const direct = objects.filter(o => directYaml(o) !== null).length
    expect(direct).toBeGreaterThan(1000)
    for (const o of objects) expect(toYaml(o)).toBe(toYamlReference(o))
    for (let i = 0; i < objects.length; i += 50) {
      const l = list(objects.slice(i, i + 50), String(i))
      expect(toYaml(l)).toBe(toYamlReference(l))
    }
  })

  it('falls back for data outside the fast path (null, floats, nested arrays, empty maps)', () => {
    const odd = {a: null, b: 1.5, c: [[1]], d: {}, e: [], f: [{}], g: -0, h: true}
    expect(toYaml(odd)).toBe(toYamlReference(odd))
    const l = {apiVersion: 'v', items: [odd, stored('x')], kind: 'HostEndpointList', metadata: {}}
    expect(toYaml(l)).toBe(toYamlReference(l))
  })
})

describe('the quick test before the type tests', () => {
  it('still quotes every kind of string YAML 1.1 reads as another type', () => {
    for (const sample of ['~', 'null', 'Yes', 'on', 'Off', '0b101', '0o17', '017', '-12', '+3', '0x1F', '.inf', '-.Inf', '.NaN', '1e3', 'e1', 'E5', '.5', '1:30', '2024-01-02', '2024-01-02T03:04:05Z', 'n', 'y', 'TRUE', 'False', 'NO']) {
      expect(toYaml({v: sample}), sample).toBe(toYamlReference({v: sample}))
      expect(toYaml({v: sample}), sample).not.toBe(`v: ${sample}\n`)
    }
  })
})

describe('which strings are quoted because YAML 1.1 reads them as another type', () => {
  /** The yaml package's own YAML 1.1 tag tests (and go-yaml's 0o octal): what must be quoted. */
  const tags = new Document(null, {version: '1.1'}).schema.tags
    .filter(tag => tag.default === true && tag.tag !== 'tag:yaml.org,2002:str' && tag.test instanceof RegExp)
    .map(tag => tag.test as RegExp)
  const typed = (s: string): boolean => tags.some(re => re.test(s)) || /^[-+]?0o[0-7_]+$/.test(s)

  it('quotes exactly the strings the yaml package resolves to another type, over 40,000 generated strings', () => {
    const r = rng(7)
    const alphabet = '0123456789012345._-+:eExXbBoOaAfFtTzZyYnN~lulsiINrRue'
    const words = ['yes', 'no', 'on', 'off', 'true', 'false', 'null', 'inf', 'nan', 'NaN', 'Inf', 'NULL', 'OFF', 'Y']
    let quoted = 0
    for (let i = 0; i < 40_000; i++) {
      const length = 1 + Math.floor(r() * 10)
      let s = ''
      for (let j = 0; j < length; j++) s += r() < 0.1 ? words[Math.floor(r() * words.length)] : alphabet[Math.floor(r() * alphabet.length)]
      if (r() < 0.1) s = `${2000 + Math.floor(r() * 30)}-${1 + Math.floor(r() * 12)}-${1 + Math.floor(r() * 28)}${r() < 0.5 ? 'T1:2:3Z' : ''}`
      const text = toYaml({v: s})
      const expected = typed(s)
      if (expected) quoted++
      expect(text.startsWith('v: "'), JSON.stringify(s)).toBe(expected)
      if (s !== '<<') expect(parse(text, {version: '1.1'}).v, JSON.stringify(s)).toBe(s)
    }
    // Both kinds must be well represented, or the comparison says little.
    expect(quoted).toBeGreaterThan(4000)
    expect(quoted).toBeLessThan(36_000)
  })
})
