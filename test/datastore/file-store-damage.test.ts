/**
 * Damage a crash cannot cause is reported ("damaged", with the file and byte offset) and left untouched; only
 * the torn tail a crash leaves is set aside.
 */
import {promises as fs} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {openFileStore} from '../../src/datastore/file/file-store.js'
import {createResources} from '../../src/lifecycle/bulk-commands.js'
import {hep, unavailableMessage} from './contract.js'

describe('file store damage detection', () => {
  let directory: string
  let path: string
  const snapshotFile = () => join(path, 'hostendpoints.json')
  const journalFile = () => join(path, 'hostendpoints.journal')

  beforeEach(async () => {
    directory = await fs.mkdtemp(join(tmpdir(), 'hepctl-damage-'))
    path = join(directory, 'store')
  })
  afterEach(async () => {
    await fs.rm(directory, {recursive: true, force: true})
  })


  /** A store with a snapshot of five and a journal of three batches. */
  async function populated(): Promise<void> {
    const store = await openFileStore({path}, {minCompactBytes: 1})
    await createResources(store, ['a', 'b', 'c', 'd', 'e'].map(n => hep(n, {labels: {n}})))
    const journaled = await openFileStore({path})
    for (const name of ['f', 'g', 'h']) await createResources(journaled, [hep(name)])
  }

  for (const file of ['hostendpoints.json', 'hostendpoints.journal']) {
    it(`every single-bit flip in ${file} is reported damaged, never read as changed data`, async () => {
      await populated()
      const target = join(path, file)
      const original = await fs.readFile(target)
      const positions = Array.from({length: 120}, (_, i) => Math.floor((i * original.length) / 120))
      const accepted: number[] = []
      for (const [n, position] of positions.entries()) {
        const flipped = Buffer.from(original)
        flipped[position] ^= 1 << (n % 8)
        await fs.writeFile(target, flipped)
        const outcome = await openFileStore({path}).then(s => s.list()).then(() => 'read', (e: unknown) => (e as Error).message)
        if (!/the file store is damaged: .*(hostendpoints\.json|hostendpoints\.journal): .*(byte offset|line)/.test(outcome)) accepted.push(position)
      }
      await fs.writeFile(target, original)
      expect(accepted).toEqual([])
    })
  }

  it('a last commit line changed by one byte is damage: reported, left as it is, its revision never reused', async () => {
    await populated()
    const original = await fs.readFile(journalFile(), 'utf8')
    const changed = original.replace(/\{"commit":8,/, '{"commit":8;')
    expect(changed).not.toBe(original)
    await fs.writeFile(journalFile(), changed)
    const store = await openFileStore({path})
    expect(await unavailableMessage(store.get('h'))).toMatch(/damaged: .*hostendpoints\.journal: line \d+ \(byte offset \d+\): not valid JSON/)
    expect(await unavailableMessage(createResources(store, [hep('z')]))).toMatch(/damaged/)
    expect(await fs.readFile(journalFile(), 'utf8')).toBe(changed)
  })

  it('a last commit line without its newline is damage, not a torn tail', async () => {
    await populated()
    const original = await fs.readFile(journalFile(), 'utf8')
    await fs.writeFile(journalFile(), original.slice(0, -1))
    expect(await unavailableMessage((await openFileStore({path})).list())).toMatch(/a complete record without its newline/)
  })

  it('refuses a store file that is not valid UTF-8, naming the byte offset', async () => {
    await populated()
    const journal = await fs.readFile(journalFile())
    const at = journal.indexOf('"name":"g"') + 8
    const bad = Buffer.concat([journal.subarray(0, at), Buffer.from([0xff]), journal.subarray(at + 1)])
    await fs.writeFile(journalFile(), bad)
    expect(await unavailableMessage((await openFileStore({path})).list())).toMatch(new RegExp(`hostendpoints\\.journal: byte offset ${at}: not valid UTF-8`))
    await fs.writeFile(journalFile(), journal)
    const snapshot = await fs.readFile(snapshotFile())
    snapshot[200] = 0xff
    await fs.writeFile(snapshotFile(), snapshot)
    expect(await unavailableMessage((await openFileStore({path})).list())).toMatch(/hostendpoints\.json: byte offset 200: not valid UTF-8/)
  })
})
