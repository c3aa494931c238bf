/**
 * A store directory another user could change is refused; store files are never opened through a symlink;
 * crash leftovers are removed by the next write.
 */
import {promises as fs} from 'node:fs'
import {hostname, tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {openFileStore} from '../../src/datastore/file/file-store.js'
import {createResources} from '../../src/lifecycle/bulk-commands.js'
import {toolAvailable} from '../support/required-tool.js'
import {hep, unavailableMessage} from './contract.js'

const isRoot = process.geteuid?.() === 0

describe('file store symlinks, permissions and leftovers', () => {
  let directory: string
  let path: string
  let outside: string

  beforeEach(async () => {
    directory = await fs.mkdtemp(join(tmpdir(), 'hepctl-symlink-'))
    path = join(directory, 'store')
    outside = join(directory, 'victim')
    await fs.writeFile(outside, 'precious\n')
  })
  afterEach(async () => {
    await fs.rm(directory, {recursive: true, force: true})
  })


  for (const file of ['hostendpoints.journal', 'hostendpoints.json']) {
    it(`never writes through a symlink planted at ${file}`, async () => {
      await createResources(await openFileStore({path}), [hep('a')])
      await fs.rm(join(path, file), {force: true})
      await fs.symlink(outside, join(path, file))
      const store = await openFileStore({path}, {minCompactBytes: 1})
      expect(await unavailableMessage(createResources(store, [hep('b')]))).toMatch(/symbolic link, which hepctl never follows/)
      expect(await fs.readFile(outside, 'utf8')).toBe('precious\n')
    })
  }

  it('never creates a file at the target of a dangling symlink at the journal', async () => {
    await fs.mkdir(path, {mode: 0o700})
    const target = join(directory, 'created-by-hepctl')
    await fs.symlink(target, join(path, 'hostendpoints.journal'))
    await unavailableMessage(createResources(await openFileStore({path}), [hep('a')]))
    await expect(fs.lstat(target)).rejects.toThrow(/ENOENT/)
  })

  it('refuses a store directory that other users may write to', async () => {
    await fs.mkdir(path, {mode: 0o700})
    await fs.chmod(path, 0o777)
    expect(await unavailableMessage(openFileStore({path}))).toMatch(/may be written by other users \(mode 0777\): hepctl refuses it/)
    await fs.chmod(path, 0o720)
    expect(await unavailableMessage(openFileStore({path}))).toMatch(/may be written by other users \(mode 0720\)/)
    await fs.chmod(path, 0o755)
    expect(await (await openFileStore({path})).list()).toMatchObject({items: []})
  })

  it.skipIf(!toolAvailable('root (to own a directory as another user)', isRoot, 'run the tests as root'))('refuses a store directory another user owns', async () => {
    await fs.mkdir(path, {mode: 0o700})
    await fs.chown(path, 65534, 65534)
    expect(await unavailableMessage(openFileStore({path}))).toMatch(/is owned by user 65534, not by this user \(0\): hepctl refuses it/)
  })

  it('the next write removes temp snapshots and lock files that killed writers left behind', async () => {
    await createResources(await openFileStore({path}), [hep('a')])
    const dead = JSON.stringify({pid: 2 ** 22 + 7, start: '1', host: hostname(), nonce: 'n', acquired: 'then'})
    await fs.writeFile(join(path, 'hostendpoints.json.123.abc.tmp'), 'half a snapshot')
    await fs.writeFile(join(path, 'lock.0b7c.new'), dead)
    await fs.writeFile(join(path, 'lock.takeover-n'), dead)
    // A staging file of a live writer (this process) stays.
    const live = JSON.stringify({pid: process.pid, start: '', host: hostname(), nonce: 'm', acquired: 'now'})
    await fs.writeFile(join(path, 'lock.live.new'), live)
    await createResources(await openFileStore({path}), [hep('b')])
    expect((await fs.readdir(path)).sort()).toEqual(['hostendpoints.journal', 'lock.live.new'])
  })
})
