import {promises as fs} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {DatastoreUnavailableError} from '../../src/datastore/datastore.js'
import {acquireStoreLock} from '../../src/datastore/file/store-lock.js'

describe('file store lock', () => {
  let directory: string
  beforeEach(async () => {
    directory = await fs.mkdtemp(join(tmpdir(), 'hepctl-lock-'))
  })
  afterEach(async () => {
    await fs.rm(directory, {recursive: true, force: true})
  })

  it('waits for and gives up on a dangling symlink at the lock, never following it', async () => {
    const lock = join(directory, 'lock')
    const target = join(directory, 'elsewhere')
    await fs.symlink(target, lock)
    // Before the fix this looped without waiting and never reached its deadline.
    const error = await acquireStoreLock(lock, 300).then(() => undefined, (e: unknown) => e)
    expect(error).toBeInstanceOf(DatastoreUnavailableError)
    expect((error as Error).message).toMatch(/locked by another process; gave up/)
    await expect(fs.lstat(target)).rejects.toThrow(/ENOENT/)
    expect((await fs.lstat(lock)).isSymbolicLink()).toBe(true)
  })

  it('does not read a lock through a symlink to another file', async () => {
    const lock = join(directory, 'lock')
    const target = join(directory, 'holder.json')
    // A planted "holder" that names a dead process: followed, it would be taken over (the symlink removed).
    await fs.writeFile(target, JSON.stringify({pid: 2 ** 22 + 1, start: '1', host: (await import('node:os')).hostname(), nonce: 'x'}))
    await fs.symlink(target, lock)
    const error = await acquireStoreLock(lock, 200).then(() => undefined, (e: unknown) => e)
    expect(error).toBeInstanceOf(DatastoreUnavailableError)
    expect(await fs.readFile(target, 'utf8')).toMatch(/"nonce":"x"/)
  })
})
