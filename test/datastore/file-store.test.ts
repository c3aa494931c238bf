import {existsSync, promises as fs} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {DatastoreUnavailableError} from '../../src/datastore/datastore.js'
import {openFileStore} from '../../src/datastore/file/file-store.js'
import {applyResources, createResources} from '../../src/lifecycle/bulk-commands.js'
import {toolAvailable} from '../support/required-tool.js'
import {defineDatastoreContract, hep} from './contract.js'

async function freshDirectory(): Promise<string> {
  return fs.mkdtemp(join(tmpdir(), 'hepctl-file-store-'))
}

defineDatastoreContract('file', async () => {
  const directory = await freshDirectory()
  const store = await openFileStore({path: join(directory, 'store')})
  return {
    store,
    async cleanup() {
      await store.close()
      await fs.rm(directory, {recursive: true, force: true})
    },
  }
})

// A second run with a tiny compaction threshold, so every other write rewrites the snapshot.
defineDatastoreContract('file (compacting often)', async () => {
  const directory = await freshDirectory()
  const store = await openFileStore({path: join(directory, 'store')}, {minCompactBytes: 1})
  return {
    store,
    async cleanup() {
      await store.close()
      await fs.rm(directory, {recursive: true, force: true})
    },
  }
})

describe('file store specifics', () => {
  let directory: string
  let path: string

  beforeEach(async () => {
    directory = await freshDirectory()
    path = join(directory, 'store')
  })
  afterEach(async () => {
    await fs.chmod(path, 0o700).catch(() => undefined)
    await fs.rm(directory, {recursive: true, force: true})
  })

  const snapshotFile = () => join(path, 'hostendpoints.json')
  const journalFile = () => join(path, 'hostendpoints.journal')

  async function expectUnavailable(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(DatastoreUnavailableError)
    expect((error as Error).message).toMatch(pattern)
  }

  it('creates its directory with mode 0700 and its files with 0600, and keeps data across opens', async () => {
    const store = await openFileStore({path})
    await createResources(store, [hep('a', {labels: {x: 'y'}})])
    expect((await fs.stat(path)).mode & 0o777).toBe(0o700)
    expect((await fs.stat(journalFile())).mode & 0o777).toBe(0o600)
    const again = await openFileStore({path})
    const got = await again.get('a')
    expect(got?.metadata.labels).toEqual({x: 'y'})
    expect(got?.metadata.resourceVersion).toBe('1')
    expect(await fs.readFile(journalFile(), 'utf8')).toMatch(/^\{"revision":1,"put":\{.*"name":"a".*\}\n\{"commit":1,"sha256":"[0-9a-f]{64}"\}\n$/)
  })

  it('parallel reads on one instance apply another writer\'s journal lines once', async () => {
    const writer = await openFileStore({path})
    const reader = await openFileStore({path})
    const names = async (store: typeof reader) => (await store.list()).items.map(i => i.metadata.name)
    await createResources(writer, [hep('a'), hep('b')])
    // Cold, then warm: each time several gets refresh the same instance at once.
    expect((await Promise.all(['a', 'b', 'c', 'd'].map(n => reader.get(n)))).map(o => o?.metadata.name)).toEqual(['a', 'b', undefined, undefined])
    await createResources(writer, [hep('c'), hep('d')])
    expect((await Promise.all(['a', 'b', 'c', 'd'].map(n => reader.get(n)))).map(o => o?.metadata.name)).toEqual(['a', 'b', 'c', 'd'])
    await createResources(writer, [hep('e')])
    expect(await names(reader)).toEqual(['a', 'b', 'c', 'd', 'e'])
    const [created] = await createResources(reader, [hep('f')])
    expect(created.action).toBe('created')
    expect(await names(writer)).toEqual(['a', 'b', 'c', 'd', 'e', 'f'])
  })

  it('writes a human-readable snapshot with a format version when the journal outgrows it', async () => {
    const store = await openFileStore({path}, {minCompactBytes: 1})
    await createResources(store, [hep('b'), hep('a')])
    const text = await fs.readFile(snapshotFile(), 'utf8')
    const lines = text.split('\n')
    expect(lines[0]).toMatch(/^\{"format":"hepctl-file-store","version":2,"revision":2,"index":\{"bytes":\d+,"sha256":"[0-9a-f]{64}"\},"sha256":"[0-9a-f]{64}","names":\[$/)
    expect(lines.slice(1, 4)).toEqual(['["a",2],', '["b",1]', '],"resources":['])
    expect(lines[4]).toMatch(/^\{"revision":2,"object":\{.*"name":"a"/)
    expect(lines[5]).toMatch(/^\{"revision":1,"object":\{.*"name":"b"/)
    expect(JSON.parse(text).resources).toHaveLength(2)
    expect(await fs.readFile(journalFile(), 'utf8').catch(() => '')).toBe('')
    expect((await fs.stat(snapshotFile())).mode & 0o777).toBe(0o600)
  })

  it('sees writes of another instance and applies compare-and-swap against them', async () => {
    const one = await openFileStore({path})
    const two = await openFileStore({path})
    const [created] = await createResources(one, [hep('shared')])
    expect((await two.get('shared'))?.metadata.resourceVersion).toBe(created.object?.metadata.resourceVersion)
    await applyResources(two, [hep('shared', {node: 'by-two'})])
    const [stale] = await one.write([{op: 'update', object: {...created.object!, spec: {node: 'by-one'}}}])
    expect(stale.ok).toBe(false)
    expect((await one.get('shared'))?.spec.node).toBe('by-two')
    expect((await one.list()).revision).toBe('2')
  })

  it('keeps multi-byte text intact through incremental journal reads', async () => {
    const one = await openFileStore({path})
    const two = await openFileStore({path})
    const note = 'grüße 🌍 ' + '€'.repeat(50)
    await createResources(one, [hep('u1', {annotations: {note}})])
    expect((await two.get('u1'))?.metadata.annotations).toEqual({note})
    await createResources(one, [hep('u2', {annotations: {note: note + '2'}})])
    // two reads only the bytes the journal gained since its last read.
    expect((await two.get('u2'))?.metadata.annotations).toEqual({note: note + '2'})
    await applyResources(two, [hep('u1', {annotations: {note: '✓'}})])
    expect((await one.get('u1'))?.metadata.annotations).toEqual({note: '✓'})
    expect((await one.list()).revision).toBe('3')
  })

  it('get with a revision returns the object only when that revision still shows it', async () => {
    const store = await openFileStore({path})
    await createResources(store, [hep('h')])
    await applyResources(store, [hep('h', {node: 'n2'})])
    await createResources(store, [hep('other')])
    expect((await store.get('h', {revision: '1'}))).toBeUndefined()
    expect((await store.get('h', {revision: '2'}))?.spec.node).toBe('n2')
    expect((await store.get('h', {revision: '3'}))?.spec.node).toBe('n2')
    expect(await store.get('h', {revision: '4'})).toBeUndefined()
    expect(await store.get('h', {revision: 'abc'})).toBeUndefined()
  })

  it('reports a damaged snapshot, naming the file, and never writes over it', async () => {
    await fs.mkdir(path, {recursive: true})
    await fs.writeFile(snapshotFile(), '{"format":"hepctl-file-store","version":1,"revision":3,"resources":[\n{"revision":1,"obj')
    const before = await fs.readFile(snapshotFile())
    const store = await openFileStore({path}, {minCompactBytes: 1})
    await expectUnavailable(store.list(), /damaged: .*hostendpoints\.json: not valid JSON/)
    await expectUnavailable(store.get('a'), /damaged/)
    await expectUnavailable(createResources(store, [hep('a')]), /damaged/)
    expect(await fs.readFile(snapshotFile())).toEqual(before)
    await expect(fs.stat(journalFile())).rejects.toThrow()
  })

  it('reads a snapshot reformatted by hand (pretty-printed JSON)', async () => {
    const store = await openFileStore({path}, {minCompactBytes: 1})
    await createResources(store, [hep('a', {labels: {x: 'y'}}), hep('b')])
    const document = JSON.parse(await fs.readFile(snapshotFile(), 'utf8'))
    await fs.writeFile(snapshotFile(), JSON.stringify(document, null, 2))
    const fresh = await openFileStore({path}, {minCompactBytes: 1})
    expect((await fresh.get('a'))?.metadata.labels).toEqual({x: 'y'})
    await createResources(fresh, [hep('c')])
    const again = await openFileStore({path})
    expect((await again.list()).items.map(i => [i.metadata.name, i.metadata.resourceVersion])).toEqual([['a', '1'], ['b', '2'], ['c', '3']])
  })

  it('reports a damaged resource inside a well-formed snapshot and never folds it into a new one', async () => {
    const store = await openFileStore({path}, {minCompactBytes: 1})
    await createResources(store, [hep('a'), hep('b')])
    const text = await fs.readFile(snapshotFile(), 'utf8')
    const damaged = text
      .split('\n')
      .map(line => (line.includes('"name":"a"') ? line.replace('"spec":{', '"spec":{BROKEN') : line))
      .join('\n')
      // Without its checksums (as after an edit by hand): the resource itself is checked when used.
      .replace(/,"sha256":"[0-9a-f]+"/g, '')
    expect(damaged).not.toBe(text)
    await fs.writeFile(snapshotFile(), damaged)
    const fresh = await openFileStore({path}, {minCompactBytes: 1})
    expect((await fresh.get('b'))?.metadata.name).toBe('b')
    await expectUnavailable(fresh.get('a'), /damaged: .*hostendpoints\.json: resource "a": not valid JSON/)
    await expectUnavailable(fresh.list(), /damaged/)
    // A small write goes to the journal and leaves the snapshot as it is.
    expect((await createResources(fresh, [hep('c')]))[0].action).toBe('created')
    // A write that would rewrite the snapshot, or that must read the damaged resource, is refused whole.
    const many = Array.from({length: 10}, (_, i) => hep(`many-${i}`))
    await expectUnavailable(createResources(fresh, many), /damaged/)
    await expectUnavailable(fresh.write([{op: 'create', object: hep('d')}, {op: 'delete', name: 'a'}]), /damaged/)
    expect(await fs.readFile(snapshotFile(), 'utf8')).toBe(damaged)
    expect((await fresh.get('c'))?.metadata.name).toBe('c')
    expect(await fresh.get('many-0')).toBeUndefined()
    expect(await fresh.get('d')).toBeUndefined()
  })

  it('reports a snapshot of another format version', async () => {
    await fs.mkdir(path, {recursive: true})
    await fs.writeFile(snapshotFile(), '{"format":"hepctl-file-store","version":3,"revision":0,"resources":[]}')
    const store = await openFileStore({path})
    await expectUnavailable(store.list(), /format version 3, but this hepctl reads versions 1 and 2/)
  })

  it('reports a damaged journal line followed by committed data, and leaves the journal alone', async () => {
    const store = await openFileStore({path})
    await createResources(store, [hep('a')])
    await createResources(store, [hep('b')])
    const text = await fs.readFile(journalFile(), 'utf8')
    const damaged = text.replace(/\{"commit":1,"sha256":"[0-9a-f]+"\}/, '{"commit":1')
    await fs.writeFile(journalFile(), damaged)
    const fresh = await openFileStore({path})
    await expectUnavailable(fresh.list(), /damaged: .*hostendpoints\.journal: line 2 \(byte offset \d+\): not valid JSON/)
    await expectUnavailable(createResources(fresh, [hep('c')]), /damaged/)
    expect(await fs.readFile(journalFile(), 'utf8')).toBe(damaged)
  })

  it('reports a damaged resource inside a well-formed journal line', async () => {
    const store = await openFileStore({path})
    await createResources(store, [hep('a'), hep('b')])
    const text = await fs.readFile(journalFile(), 'utf8')
    // Without checksums (as an earlier hepctl wrote it): the resource itself is checked when used.
    const damaged = text.replace('"spec":{', '"spec":{BROKEN').replace(/,"sha256":"[0-9a-f]+"/g, '')
    await fs.writeFile(journalFile(), damaged)
    const fresh = await openFileStore({path}, {minCompactBytes: 1})
    expect((await fresh.get('b'))?.metadata.name).toBe('b')
    await expectUnavailable(fresh.get('a'), /damaged: .*hostendpoints\.journal: resource "a": not valid JSON/)
    await expectUnavailable(createResources(fresh, Array.from({length: 5}, (_, i) => hep(`n${i}`))), /damaged/)
    expect(await fs.readFile(journalFile(), 'utf8')).toBe(damaged)
    await expect(fs.stat(snapshotFile())).rejects.toThrow()
  })

  it('ignores a torn journal tail; the next write moves it aside and never reuses its revisions', async () => {
    const store = await openFileStore({path})
    await createResources(store, [hep('a')])
    // A crash mid-append: one complete uncommitted change, then half a line.
    await fs.appendFile(journalFile(), '{"revision":2,"put":{"apiVersion":"projectcalico.org/v3","kind":"HostEndpoint","metadata":{"name":"ghost"},"spec":{}}}\n{"revision":3,"pu')
    const fresh = await openFileStore({path})
    expect((await fresh.list()).items.map(i => i.metadata.name)).toEqual(['a'])
    expect(await fresh.get('ghost')).toBeUndefined()
    const [created] = await createResources(fresh, [hep('b')])
    // Revisions 2 and 3 were taken by the torn batch: whoever saw them never sees them reused.
    expect(created.object?.metadata.resourceVersion).toBe('4')
    const text = await fs.readFile(journalFile(), 'utf8')
    expect(text).not.toContain('ghost')
    expect(text).toMatch(/\{"commit":4,"sha256":"[0-9a-f]+"\}\n$/)
    const aside = (await fs.readdir(path)).filter(f => f.startsWith('hostendpoints.journal.torn-'))
    expect(aside).toHaveLength(1)
    expect(await fs.readFile(join(path, aside[0]), 'utf8')).toMatch(/"name":"ghost".*\n\{"revision":3,"pu$/)
    const third = await openFileStore({path})
    expect((await third.list()).items.map(i => i.metadata.name)).toEqual(['a', 'b'])
  })

  it('skips journal lines already folded into the snapshot (crash between compaction and truncation)', async () => {
    const store = await openFileStore({path})
    await createResources(store, [hep('a'), hep('b')])
    const journal = await fs.readFile(journalFile())
    const compacting = await openFileStore({path}, {minCompactBytes: 1})
    await compacting.write([{op: 'delete', name: 'a'}])
    // Put the old journal back, as if the truncation after the snapshot rename never happened.
    await fs.writeFile(journalFile(), journal)
    const fresh = await openFileStore({path})
    const list = await fresh.list()
    expect(list.items.map(i => i.metadata.name)).toEqual(['b'])
    expect(list.revision).toBe('3')
    const [created] = await createResources(fresh, [hep('c')])
    expect(created.object?.metadata.resourceVersion).toBe('4')
    expect((await (await openFileStore({path})).list()).items.map(i => i.metadata.name)).toEqual(['b', 'c'])
  })

  it('waits for a live lock holder and then gives up with a clear error', async () => {
    await fs.mkdir(path, {recursive: true})
    const stat = await fs.readFile(`/proc/${process.pid}/stat`, 'utf8').catch(() => '')
    const start = stat ? stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] : ''
    const {hostname} = await import('node:os')
    await fs.writeFile(join(path, 'lock'), JSON.stringify({pid: process.pid, start, host: hostname(), nonce: 'held', acquired: 'now'}))
    const store = await openFileStore({path}, {lockTimeoutMs: 300})
    await expectUnavailable(createResources(store, [hep('a')]), new RegExp(`locked by process ${process.pid} .*gave up after 0s: .*lock$`))
    expect(await store.get('a')).toBeUndefined()
    await fs.unlink(join(path, 'lock'))
    const [created] = await createResources(store, [hep('a')])
    expect(created.action).toBe('created')
    await expect(fs.stat(join(path, 'lock'))).rejects.toThrow()
  })

  it('takes over a lock whose holder is dead', async () => {
    await fs.mkdir(path, {recursive: true})
    const {spawnSync} = await import('node:child_process')
    const {hostname} = await import('node:os')
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'})
    const deadPid = Number(child.stdout)
    await fs.writeFile(join(path, 'lock'), JSON.stringify({pid: deadPid, start: '1', host: hostname(), nonce: 'dead', acquired: 'then'}))
    const store = await openFileStore({path}, {lockTimeoutMs: 5000})
    const [created] = await createResources(store, [hep('a')])
    expect(created.action).toBe('created')
    expect((await fs.readdir(path)).filter(f => f.startsWith('lock'))).toEqual([])
  })

  it.skipIf(!existsSync('/proc/self/stat'))('takes over a lock whose pid now belongs to another process (start time differs)', async () => {
    await fs.mkdir(path, {recursive: true})
    const {hostname} = await import('node:os')
    await fs.writeFile(join(path, 'lock'), JSON.stringify({pid: process.pid, start: '1', host: hostname(), nonce: 'reused', acquired: 'then'}))
    const store = await openFileStore({path}, {lockTimeoutMs: 5000})
    const [created] = await createResources(store, [hep('a')])
    expect(created.action).toBe('created')
  })

  it('refuses a path that is a file', async () => {
    await fs.writeFile(path, 'not a directory')
    await expectUnavailable(openFileStore({path}), /not a directory/)
  })

  // As root, permissions do not stop writes: run the check as user nobody instead.
  it.skipIf(process.getuid?.() !== 0 || !toolAvailable('setpriv', existsSync('/usr/bin/setpriv'), 'Debian: apt-get install util-linux'))('reports a store another user may not read or write, as a clear error', async () => {
    const store = await openFileStore({path})
    await createResources(store, [hep('a')])
    await fs.chmod(directory, 0o755)
    const module = new URL('../../src/datastore/file/file-store.ts', import.meta.url).pathname
    const script = `
      const {openFileStore} = await import(${JSON.stringify(module)})
      const store = await openFileStore({path: ${JSON.stringify(path)}})
      for (const attempt of [() => store.list(), () => store.write([{op: 'delete', name: 'a'}])]) {
        try { await attempt(); console.log('no error') } catch (e) { console.log(e.name + ': ' + e.message) }
      }`
    const {spawnSync} = await import('node:child_process')
    const run = spawnSync('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', '--input-type=module', '-e', script], {encoding: 'utf8', cwd: new URL('../..', import.meta.url).pathname})
    expect(run.stdout.trim().split('\n'), run.stderr).toEqual([
      `DatastoreUnavailableError: cannot read the file store at ${path}: permission denied`,
      `DatastoreUnavailableError: cannot lock the file store: ${join(path, 'lock')}: permission denied`,
    ])
    expect((await openFileStore({path}).then(s => s.get('a')))?.metadata.name).toBe('a')
  })

  it.skipIf(process.getuid?.() === 0)('reports a directory it may not write to', async () => {
    const store = await openFileStore({path})
    await createResources(store, [hep('a')])
    await fs.chmod(path, 0o500)
    await expectUnavailable(createResources(store, [hep('b')]), /permission denied/)
    expect((await store.list()).items.map(i => i.metadata.name)).toEqual(['a'])
  })
})
