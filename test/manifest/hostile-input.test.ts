import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {readManifests} from '../../src/manifest/read-manifests.js'

// Hostile input ends as problems: no hang, no crash, no stack trace, no prototype pollution.

const root = mkdtempSync(join(tmpdir(), 'hepctl-hostile-'))
afterAll(() => rmSync(root, {recursive: true, force: true}))
mkdirSync(root, {recursive: true})

let counter = 0
async function read(content: string | Buffer) {
  const path = join(root, `doc-${counter++}.yaml`)
  writeFileSync(path, content)
  return {path, ...(await readManifests([path]))}
}

const HEAD = 'apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: x\n'

describe('hostile input', () => {
  it('stops an alias bomb (billion laughs) with a problem', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    const letters = 'abcdefghi'
    for (let i = 1; i < letters.length; i++) {
      const prev = letters[i - 1]
      levels.push(`${letters[i]}: &${letters[i]} [${Array(9).fill(`*${prev}`).join(',')}]`)
    }
    const r = await read(`${HEAD}${levels.join('\n')}\n`)
    expect(r.resources).toEqual([])
    expect(r.problems).toHaveLength(1)
    expect(r.problems[0]).toMatchObject({code: 'yaml-alias-limit', severity: 'error', file: r.path})
    expect(r.problems[0].message).toMatch(/alias/)
  })

  it('expands ordinary aliases and merge keys as go-yaml v2 does', async () => {
    const r = await read(`${HEAD}spec:\n  <<: &base {node: n1, interfaceName: eth0}\n  node: n2\n  profiles: &p [a, b]\n  expectedIPs: *p\n`)
    expect(r.problems).toEqual([])
    expect((r.resources[0].value as {spec: unknown}).spec).toEqual({node: 'n2', interfaceName: 'eth0', profiles: ['a', 'b'], expectedIPs: ['a', 'b']})
  })

  it.each([
    ['deep flow nesting', `${HEAD}spec: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`],
    ['moderately deep flow nesting', `${HEAD}spec: ${'['.repeat(150)}${']'.repeat(150)}\n`],
    ['deep block mappings', `${HEAD}${Array.from({length: 1000}, (_, i) => `${' '.repeat(i)}k:`).join('\n')} 1\n`],
    ['deep block sequences', `${HEAD}spec:\n${Array.from({length: 2000}, (_, i) => `${' '.repeat(i * 2 + 2)}- `).join('\n')}x\n`],
    ['deep JSON', `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`],
  ])('refuses %s with yaml-too-deep', async (_name, text) => {
    const r = await read(text)
    expect(r.resources).toEqual([])
    expect(r.problems.map(p => p.code)).toEqual(['yaml-too-deep'])
    expect(r.problems[0].message).toBe('nesting is deeper than 100 levels')
  })

  it('accepts nesting up to the limit', async () => {
    const r = await read(`${HEAD}spec:\n  x: ${'['.repeat(90)}${']'.repeat(90)}\n`)
    expect(r.problems).toEqual([])
    expect(r.resources).toHaveLength(1)
  })

  it('keeps __proto__ and constructor as plain own keys and pollutes nothing (YAML and JSON)', async () => {
    const yaml = await read(`${HEAD}  labels:\n    __proto__: {polluted: yes}\n    constructor: c\n"__proto__":\n  polluted: true\nspec:\n  constructor:\n    prototype:\n      polluted: true\n`)
    expect(yaml.problems).toEqual([])
    const value = yaml.resources[0].value as Record<string, unknown> & {metadata: {labels: Record<string, unknown>}}
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(Object.hasOwn(value, '__proto__')).toBe(true)
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({polluted: true})
    expect(Object.hasOwn(value.metadata.labels, '__proto__')).toBe(true)
    expect(Object.getPrototypeOf(value.metadata.labels)).toBe(Object.prototype)
    expect(value.metadata.labels.constructor).toBe('c')

    const json = await read('{"apiVersion":"projectcalico.org/v3","kind":"HostEndpoint","__proto__":{"polluted":true},"metadata":{"__proto__":{"x":1}}}')
    expect(json.problems).toEqual([])
    const jv = json.resources[0].value as Record<string, unknown>
    expect(Object.getPrototypeOf(jv)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(jv, '__proto__')?.value).toEqual({polluted: true})

    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(({} as Record<string, unknown>).x).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
  })

  it('reports a duplicate __proto__ key like any other', async () => {
    const r = await read(`${HEAD}__proto__: 1\n__proto__: 2\n`)
    expect(r.problems.map(p => [p.code, p.line])).toEqual([['duplicate-key', 6]])
  })

  it('refuses NUL bytes anywhere, and invalid UTF-8 with its byte offset and line', async () => {
    const nul = await read(Buffer.concat([Buffer.from(HEAD), Buffer.from([0])]))
    expect(nul.problems.map(p => [p.code, p.line])).toEqual([['input-binary', 5]])
    const overlong = await read(Buffer.concat([Buffer.from(`${HEAD}spec:\n  node: `), Buffer.from([0xc0, 0xaf]), Buffer.from('\n')]))
    expect(overlong.problems.map(p => [p.code, p.line])).toEqual([['input-encoding', 6]])
    expect(overlong.problems[0].message).toContain(`byte offset ${Buffer.byteLength(`${HEAD}spec:\n  node: `)}`)
    const surrogate = await read(Buffer.concat([Buffer.from('a: '), Buffer.from([0xed, 0xa0, 0x80])]))
    expect(surrogate.problems.map(p => p.code)).toEqual(['input-encoding'])
    const truncated = await read(Buffer.concat([Buffer.from('a: '), Buffer.from([0xe2, 0x82])]))
    expect(truncated.problems[0].message).toContain('byte offset 3 (line 1)')
  })

  it('refuses control characters inside a document with a syntax problem', async () => {
    const r = await read(`${HEAD}spec:\n  node: a\x07b\n`)
    expect(r.problems.map(p => [p.code, p.line, p.column, p.message])).toEqual([
      ['yaml-syntax', 6, 10, 'control character U+0007 is not allowed in YAML'],
    ])
  })

  it('reads a BOM and CRLF line endings as ordinary text', async () => {
    const r = await read(`\ufeff${HEAD}spec:\n  node: n1\n`.replaceAll('\n', '\r\n'))
    expect(r.problems).toEqual([])
    expect(r.resources[0].value).toEqual({apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: {name: 'x'}, spec: {node: 'n1'}})
  })

  it('never throws on garbage', async () => {
    const garbage = ['}{', ': :', '- - - -', '"', "'", '&', '*', '!', '%YAML 9.9\n---\n', '? ? ?', '[', '{a: [}', '@', '\t\t', '---\n...\n...', '<<: 5']
    for (const g of garbage) {
      const r = await read(g)
      expect(r.resources, g).toEqual([])
      expect(r.problems.every(p => typeof p.code === 'string' && !/\n\s+at /.test(p.message)), g).toBe(true)
    }
  })
})
