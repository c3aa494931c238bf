import {promises as fs} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {openFileStore} from '../../src/datastore/file/file-store.js'
import {hep} from './contract.js'

// A write reads the store before it takes the lock and re-checks under it (file-store.ts, write()).
let directory: string
let path: string
beforeEach(async () => {
  directory = await fs.mkdtemp(join(tmpdir(), 'hepctl-file-store-preread-'))
  path = join(directory, 'store')
})
afterEach(async () => {
  await fs.rm(directory, {recursive: true, force: true})
})

describe('file store: pre-read before the lock', () => {
  it('concurrent creates from many store instances all succeed and each lands exactly once', async () => {
    const seed = await openFileStore({path})
    await seed.write(Array.from({length: 50}, (_, i) => ({op: 'create' as const, object: hep(`seed-${i}`)})))
    const writers = await Promise.all(Array.from({length: 20}, () => openFileStore({path})))
    const results = await Promise.all(writers.map((store, i) => store.write([{op: 'create', object: hep(`new-${i}`)}])))
    for (const r of results) expect(r[0].ok).toBe(true)
    const revisions = results.map(r => (r[0] as {object: {metadata: {resourceVersion: string}}}).object.metadata.resourceVersion)
    expect(new Set(revisions).size).toBe(20)
    const reader = await openFileStore({path})
    const {items} = await reader.list()
    const names = items.map(o => o.metadata.name)
    expect(names).toHaveLength(70)
    expect(new Set(names).size).toBe(70)
    for (let i = 0; i < 20; i++) expect(names).toContain(`new-${i}`)
  })

  for (const compacting of [false, true]) {
    it(`a writer whose pre-read went stale still sees the other's write${compacting ? ' (the other rewrote the snapshot)' : ''}`, async () => {
      const options = compacting ? {minCompactBytes: 1} : {}
      const other = await openFileStore({path}, options)
      await other.write([{op: 'create', object: hep('shared')}, {op: 'create', object: hep('edited')}])
      const before = (await other.get('edited'))!.metadata.resourceVersion!
      let interleaved = 0
      const stale = await openFileStore({path}, {
        ...options,
        // Between this writer's pre-read and its lock, another writer commits.
        afterPreRead: async () => {
          interleaved++
          if (interleaved > 1) return
          await other.write([{op: 'create', object: hep('raced')}, {op: 'update', object: hep('edited', {resourceVersion: before, labels: {by: 'other'}})}])
        },
      })
      const results = await stale.write([
        {op: 'create', object: hep('raced')},
        {op: 'update', object: hep('edited', {resourceVersion: before, labels: {by: 'stale'}})},
        {op: 'create', object: hep('mine')},
      ])
      expect(interleaved).toBe(1)
      expect(results[0]).toMatchObject({ok: false})
      expect(String((results[0] as {error: Error}).error.message)).toMatch(/already exists/)
      expect(results[1]).toMatchObject({ok: false})
      expect(String((results[1] as {error: Error}).error.message)).toMatch(/modified|conflict|update/i)
      expect(results[2].ok).toBe(true)
      const reader = await openFileStore({path})
      expect((await reader.get('edited'))!.metadata.labels).toEqual({by: 'other'})
      expect((await reader.list()).items.map(o => o.metadata.name).sort()).toEqual(['edited', 'mine', 'raced', 'shared'])
    })
  }
})
