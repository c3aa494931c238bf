/**
 * The snapshot's names index (store format version 2): a create or update reads only the snapshot's header
 * and index, never its objects; damage in what it reads is reported; version 1 snapshots are read and
 * rewritten as version 2 by the next write.
 */
import {createHash} from 'node:crypto'
import {existsSync, promises as fs} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {openFileStore} from '../../src/datastore/file/file-store.js'
import {createResources} from '../../src/lifecycle/bulk-commands.js'
import {fileStoreEnv, hepctl, hepYaml} from '../support/cli.js'
import {hep, unavailableMessage} from './contract.js'

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex')
const RESOURCES = '],"resources":[\n'
const HEADER = /^(\{"format":"hepctl-file-store","version":2,"revision":\d+),"index":\{"bytes":\d+,"sha256":"[0-9a-f]{64}"\},"sha256":"[0-9a-f]{64}","names":\[$/

/**
 * Seals a snapshot a test has edited as the writer would, following the README's description of the
 * format: the index's length and checksum (of the header without either checksum, then the index), then
 * the file's checksum (of the header without it, then everything after the first line).
 */
function seal(text: string): string {
  const lineEnd = text.indexOf('\n')
  const start = HEADER.exec(text.slice(0, lineEnd))![1]
  const index = text.slice(lineEnd + 1, text.indexOf(RESOURCES, lineEnd + 1) + RESOURCES.length)
  const bytes = Buffer.byteLength(index)
  const withIndex = `${start},"index":{"bytes":${bytes},"sha256":"${sha256(`${start},"index":{"bytes":${bytes}},"names":[${index}`)}"}`
  const rest = text.slice(lineEnd)
  return `${withIndex},"sha256":"${sha256(`${withIndex},"names":[${rest}`)}","names":[${rest}`
}

/** A version 1 snapshot as an earlier hepctl wrote it (with its checksum unless `sum` is false). */
function versionOne(revision: number, entries: [string, number][], sum = true): string {
  const lines = entries.map(([name, rev]) => `{"revision":${rev},"object":{"apiVersion":"projectcalico.org/v3","kind":"HostEndpoint","metadata":{"name":"${name}"},"spec":{"node":"n-${name}"}}}`)
  const rest = `\n${lines.join(',\n')}\n]}\n`
  const start = `{"format":"hepctl-file-store","version":1,"revision":${revision}`
  return sum ? `${start},"sha256":"${sha256(`${start},"resources":[${rest}`)}","resources":[${rest}` : `${start},"resources":[${rest}`
}

describe('file store names index', () => {
  let directory: string
  let path: string
  const snapshotFile = () => join(path, 'hostendpoints.json')
  const journalFile = () => join(path, 'hostendpoints.journal')
  /** The journal's text; a compaction may leave none. */
  const journal = async () => (existsSync(journalFile()) ? fs.readFile(journalFile(), 'utf8') : '')

  beforeEach(async () => {
    directory = await fs.mkdtemp(join(tmpdir(), 'hepctl-index-'))
    path = join(directory, 'store')
  })
  afterEach(async () => {
    await fs.rm(directory, {recursive: true, force: true})
  })

  /** A store whose snapshot holds `names` (revisions 1, 2, ... in that order) and whose journal is empty. */
  async function snapshotOf(names: string[]): Promise<string> {
    const store = await openFileStore({path}, {minCompactBytes: 1})
    await createResources(store, names.map(name => hep(name)))
    expect(await journal()).toBe('')
    return fs.readFile(snapshotFile(), 'utf8')
  }

  /** The snapshot with the resource line of `name` replaced by text that is not JSON, sealed again. */
  function unparseableResource(text: string, name: string): string {
    const lines = text.split('\n')
    const at = lines.findIndex(line => line.startsWith('{"revision":') && line.includes(`"name":"${name}"`))
    expect(at).toBeGreaterThan(0)
    lines[at] = 'this line is not JSON,'
    return seal(lines.join('\n'))
  }

  it('a create reads only the header and the index: resources that cannot be parsed (checksums intact) stay unread and untouched', async () => {
    const damaged = unparseableResource(await snapshotOf(['a', 'b', 'c']), 'b')
    await fs.writeFile(snapshotFile(), damaged)
    // The checksums hold, so only parsing the resources finds the damage: a full read does.
    expect(await unavailableMessage((await openFileStore({path})).list())).toMatch(/damaged: .*hostendpoints\.json: not valid JSON/)

    const store = await openFileStore({path})
    const [created] = await createResources(store, [hep('d')])
    expect(created.action).toBe('created')
    expect(created.object?.metadata.resourceVersion).toBe('4')
    // The index is what says that b exists.
    const [exists] = await createResources(await openFileStore({path}), [hep('b')])
    expect(exists.error?.reason).toBe('already-exists')
    // An update needs only b's revision, which the index holds.
    const [updated] = await (await openFileStore({path})).write([{op: 'update', object: hep('b', {node: 'n2', resourceVersion: '2'})}])
    expect(updated.ok).toBe(true)
    // A delete returns the object it deletes, so it reads the resources, and reports the damage.
    expect(await unavailableMessage((await openFileStore({path})).write([{op: 'delete', name: 'a'}]))).toMatch(/damaged/)

    expect(await fs.readFile(snapshotFile(), 'utf8')).toBe(damaged)
    expect(await journal()).toMatch(/^\{"revision":4,"put":\{.*"name":"d".*\n\{"commit":4,"sha256":"[0-9a-f]{64}"\}\n\{"revision":5,"put":\{.*"name":"b".*\n\{"commit":5,/)
  })

  it('the same through the CLI: create exits 0 and leaves the snapshot as it is, get reports the damage', async () => {
    const damaged = unparseableResource(await snapshotOf(['a', 'b']), 'a')
    await fs.writeFile(snapshotFile(), damaged)
    const manifest = join(directory, 'new.yaml')
    await fs.writeFile(manifest, hepYaml('new'))
    const create = await hepctl(['create', '-f', manifest], {env: fileStoreEnv(path)})
    expect(create.stderr).not.toMatch(/damaged/)
    expect(create.code).toBe(0)
    expect(create.stdout).toContain('hostendpoint/new created')
    expect(await fs.readFile(snapshotFile(), 'utf8')).toBe(damaged)
    const get = await hepctl(['get', 'hostendpoints'], {env: fileStoreEnv(path)})
    expect(get.code).toBe(3)
    expect(get.stderr).toMatch(/the file store is damaged: .*hostendpoints\.json: not valid JSON/)
  })

  it('a create refuses an index that does not match its checksum, naming the file and byte offset, and writes nothing', async () => {
    const text = await snapshotOf(['a', 'b', 'c'])
    const changed = text.replace('["b",2]', '["x",2]')
    expect(changed).not.toBe(text)
    await fs.writeFile(snapshotFile(), changed)
    const message = await unavailableMessage(createResources(await openFileStore({path}), [hep('d')]))
    expect(message).toMatch(/the file store is damaged: .*hostendpoints\.json: byte offset \d+ to \d+: the names index does not match its sha256 checksum; it was left untouched/)
    expect(await fs.readFile(snapshotFile(), 'utf8')).toBe(changed)
    expect(await journal()).toBe('')
  })

  it('every single-bit flip in the header (but the file checksum, which a create does not read) and the index is refused by a create', async () => {
    const text = await snapshotOf(Array.from({length: 20}, (_, i) => `n${i}`))
    const original = Buffer.from(text)
    const headerEnd = original.indexOf(10)
    const indexEnd = original.indexOf(RESOURCES) + RESOURCES.length
    const fileSum = /\},"sha256":"([0-9a-f]{64})"/.exec(text)!
    const sumStart = fileSum.index + '},"sha256":"'.length
    const positions = Array.from({length: indexEnd}, (_, i) => i).filter(i => i < sumStart || i >= sumStart + 64).filter((_, i) => i % 3 === 0)
    expect(positions.some(p => p > headerEnd)).toBe(true)
    const accepted: number[] = []
    for (const [n, position] of positions.entries()) {
      const flipped = Buffer.from(original)
      flipped[position] ^= 1 << (n % 8)
      await fs.writeFile(snapshotFile(), flipped)
      const outcome = await createResources(await openFileStore({path}), [hep(`new-${n}`)]).then(
        results => results[0].action,
        (error: unknown) => (error as Error).message,
      )
      if (!/the file store is damaged: .*hostendpoints\.json: /.test(outcome)) accepted.push(position)
    }
    expect(accepted).toEqual([])
    expect(await journal()).toBe('')
  })

  it('an index sealed with its checksums that does not match the resources is damage for a full read', async () => {
    const text = await snapshotOf(['a', 'b', 'c'])
    await fs.writeFile(snapshotFile(), seal(text.replace('["b",2]', '["b",3]')))
    expect(await unavailableMessage((await openFileStore({path})).list())).toMatch(/damaged: .*hostendpoints\.json: byte offset \d+: the names index does not match the resources: entry 1 \("b"\)/)
    await fs.writeFile(snapshotFile(), seal(text.replace('["b",2],\n', '')))
    expect(await unavailableMessage((await openFileStore({path})).get('a'))).toMatch(/the names index does not match the resources/)
  })

  it('a store written from the index alone reads back whole in the same instance, and compacts with every object', async () => {
    await snapshotOf(['a', 'b', 'c'])
    const store = await openFileStore({path})
    await createResources(store, [hep('d')])
    const listed = (await store.list()).items.map(i => [i.metadata.name, i.metadata.resourceVersion, i.spec.node])
    expect(listed).toEqual([['a', '1', 'node1'], ['b', '2', 'node1'], ['c', '3', 'node1'], ['d', '4', 'node1']])

    const other = await openFileStore({path})
    await createResources(other, [hep('e')])
    await other.write([{op: 'delete', name: 'a'}])
    // This write compacts: the objects the index stood in for are read, and the journal's changes kept.
    const compacting = await openFileStore({path}, {minCompactBytes: 1})
    const [updated] = await compacting.write([{op: 'update', object: hep('b', {node: 'n2', resourceVersion: '2'})}])
    expect(updated.ok).toBe(true)
    expect(await journal()).toBe('')
    const lines = (await fs.readFile(snapshotFile(), 'utf8')).split('\n')
    expect(lines.slice(1, 6)).toEqual(['["b",7],', '["c",3],', '["d",4],', '["e",5]', '],"resources":['])
    const fresh = (await (await openFileStore({path})).list()).items.map(i => [i.metadata.name, i.metadata.resourceVersion, i.spec.node])
    expect(fresh).toEqual([['b', '7', 'n2'], ['c', '3', 'node1'], ['d', '4', 'node1'], ['e', '5', 'node1']])
  })

  for (const sum of [true, false]) {
    it(`reads a version 1 snapshot${sum ? '' : ' without its checksum'} and rewrites it as version 2 on the next write`, async () => {
      await fs.mkdir(path, {mode: 0o700})
      await fs.writeFile(snapshotFile(), versionOne(3, [['a', 1], ['b', 3]], sum))
      const reader = await openFileStore({path})
      expect((await reader.list()).items.map(i => [i.metadata.name, i.metadata.resourceVersion, i.spec.node])).toEqual([['a', '1', 'n-a'], ['b', '3', 'n-b']])

      const [created] = await createResources(await openFileStore({path}), [hep('c')])
      expect(created.object?.metadata.resourceVersion).toBe('4')
      const text = await fs.readFile(snapshotFile(), 'utf8')
      expect(text.split('\n').slice(0, 5)).toEqual([expect.stringMatching(HEADER), '["a",1],', '["b",3],', '["c",4]', '],"resources":['])
      expect(seal(text)).toBe(text)
      expect(await journal()).toBe('')
      const items = (await (await openFileStore({path})).list()).items
      expect(items.map(i => [i.metadata.name, i.metadata.resourceVersion, i.spec.node])).toEqual([['a', '1', 'n-a'], ['b', '3', 'n-b'], ['c', '4', 'node1']])
    })
  }

  it('a version 1 snapshot holding a damaged resource is not rewritten: small writes go to the journal', async () => {
    await fs.mkdir(path, {mode: 0o700})
    const text = versionOne(2, [['a', 1], ['b', 2]], false).replace('"spec":{"node":"n-b"}', '"spec":{BROKEN')
    await fs.writeFile(snapshotFile(), text)
    const [created] = await createResources(await openFileStore({path}), [hep('c')])
    expect(created.action).toBe('created')
    expect(await fs.readFile(snapshotFile(), 'utf8')).toBe(text)
    expect(await journal()).toMatch(/"name":"c"/)
    expect(await unavailableMessage((await openFileStore({path})).get('b'))).toMatch(/damaged: .*hostendpoints\.json: resource "b": not valid JSON/)
  })
})
