// `get -w` against the file store: the list, then each change made by another hepctl, in kubectl's watch
// output forms, ending with exit 0 on Ctrl-C and SIGTERM.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {fileStoreEnv, hepctl, hepYaml, tempDir} from '../support/cli.js'
import {startWatch} from '../support/watch-process.js'

let dir: ReturnType<typeof tempDir>
let env: NodeJS.ProcessEnv
let n = 0
/** A store of its own for each test, holding `a` (tier=web). */
async function freshStore(): Promise<{env: NodeJS.ProcessEnv; file: (name: string, labels?: Record<string, string>) => string}> {
  const storeEnv = fileStoreEnv(join(dir.path, `store-${++n}`))
  const file = (name: string, labels?: Record<string, string>): string => {
    const path = join(dir.path, `${n}-${name}.yaml`)
    writeFileSync(path, hepYaml(name, {labels}))
    return path
  }
  const created = await hepctl(['create', '-f', file('a', {tier: 'web'})], {env: storeEnv})
  expect(created.code).toBe(0)
  return {env: storeEnv, file}
}
beforeAll(() => {
  dir = tempDir()
  env = fileStoreEnv(join(dir.path, 'unused'))
})
afterAll(() => dir.cleanup())

describe('get -w on the file store', () => {
  it('prints the table header once, the list, then a row per change; Ctrl-C exits 0', async () => {
    const s = await freshStore()
    const w = startWatch(['get', 'hep', '-w'], s.env)
    await w.until(out => /^a\s+node1/m.test(out))
    expect((await hepctl(['create', '-f', s.file('b')], {env: s.env})).code).toBe(0)
    await w.until(out => /^b\s+node1/m.test(out))
    expect((await hepctl(['delete', 'hep', 'a'], {env: s.env})).code).toBe(0)
    await w.until(out => (out.match(/^a\s+node1/gm) ?? []).length === 2)
    expect(await w.stop('SIGINT')).toBe(0)
    expect(w.stdout().match(/^NAME\s+NODE/gm)).toHaveLength(1)
    expect(w.stderr()).toBe('')
  })

  it('--watch-only -o json --output-watch-events: one event object per change, none for the list', async () => {
    const s = await freshStore()
    const w = startWatch(['get', 'hep', '--watch-only', '-o', 'json', '--output-watch-events'], s.env)
    // The watch has listed once it is running; a change made now must arrive as an event.
    await new Promise(resolve => setTimeout(resolve, 1500))
    expect((await hepctl(['label', 'hep', 'a', 'x=y'], {env: s.env})).code).toBe(0)
    expect((await hepctl(['delete', 'hep', 'a'], {env: s.env})).code).toBe(0)
    await w.until(out => out.includes('"DELETED"'))
    expect(await w.stop('SIGINT')).toBe(0)
    const events = w.stdout().trim().split(/\n(?=\{)/).map(text => JSON.parse(text) as {type: string; object: {metadata: {name: string; labels?: Record<string, string>}}})
    expect(events.map(e => e.type)).toEqual(['MODIFIED', 'DELETED'])
    expect(events[0].object.metadata.labels).toEqual({tier: 'web', x: 'y'})
  })

  it('-o yaml separates documents with ---; -l filters; an object leaving the selector is DELETED', async () => {
    const s = await freshStore()
    const w = startWatch(['get', 'hep', '-w', '-o', 'yaml', '-l', 'tier=web', '--output-watch-events'], s.env)
    await w.until(out => out.includes('type: ADDED'))
    expect((await hepctl(['create', '-f', s.file('other')], {env: s.env})).code).toBe(0)
    expect((await hepctl(['create', '-f', s.file('c', {tier: 'web'})], {env: s.env})).code).toBe(0)
    await w.until(out => out.includes('name: c'))
    expect((await hepctl(['label', 'hep', 'a', 'tier=db', '--overwrite'], {env: s.env})).code).toBe(0)
    await w.until(out => out.includes('type: DELETED'))
    expect(await w.stop('SIGTERM')).toBe(0)
    const docs = w.stdout().split(/^---\n/m)
    expect(docs.map(d => /^type: (\w+)/m.exec(d)?.[1])).toEqual(['ADDED', 'ADDED', 'DELETED'])
    expect(w.stdout()).not.toContain('name: other')
  })

  it('NAME filters; -o name prints a name per event', async () => {
    const s = await freshStore()
    const w = startWatch(['get', 'hep', 'b', '-w', '-o', 'name'], s.env)
    await new Promise(resolve => setTimeout(resolve, 1500))
    expect((await hepctl(['label', 'hep', 'a', 'x=y'], {env: s.env})).code).toBe(0)
    expect((await hepctl(['create', '-f', s.file('b')], {env: s.env})).code).toBe(0)
    await w.until(out => out.includes('hostendpoint.projectcalico.org/b'))
    expect(await w.stop('SIGINT')).toBe(0)
    expect(w.stdout()).toBe('hostendpoint.projectcalico.org/b\n')
  })

  it('ends with exit 0 when the reader of its output goes away (EPIPE), as `get -w | head -1` does', async () => {
    const s = await freshStore()
    const w = startWatch(['get', 'hep', '-w', '-o', 'name'], s.env)
    await w.until(out => out.includes('/a'))
    const exited = new Promise<number | null>(resolve => w.child.on('close', code => resolve(code)))
    w.child.stdout.destroy()
    // The next change is written to a closed pipe.
    expect((await hepctl(['create', '-f', s.file('b')], {env: s.env})).code).toBe(0)
    expect((await hepctl(['label', 'hep', 'b', 'x=y'], {env: s.env})).code).toBe(0)
    expect(await exited).toBe(0)
    expect(w.stderr()).not.toMatch(/\n\s+at |EPIPE/)
  })

  it('--output-watch-events without -w, and -w with -f, are usage errors', async () => {
    const r = await hepctl(['get', 'hep', '--output-watch-events'], {env})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--output-watch-events goes with -w')
    const f = await hepctl(['get', '-w', '-f', 'x.yaml'], {env})
    expect(f.code).toBe(2)
    expect(f.stderr).not.toMatch(/\n\s+at /)
  })
})
