/**
 * The file store under injected system call failures (strace): what a write reports must agree with what
 * every later run reads.
 */
import {promises as fs} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {openFileStore} from '../../src/datastore/file/file-store.js'
import {createResources} from '../../src/lifecycle/bulk-commands.js'
import {runInjected, straceAvailable} from '../support/strace.js'
import {hostEndpoint} from './fixtures.js'

const WORKER = 'test/reliability/write-worker.ts'

describe.skipIf(!straceAvailable())('file store under injected I/O errors', () => {
  let directory: string
  let path: string
  beforeEach(async () => {
    directory = await fs.mkdtemp(join(tmpdir(), 'hepctl-faults-'))
    path = join(directory, 'store')
    await createResources(await openFileStore({path}), [hostEndpoint('before', {})])
  })
  afterEach(async () => {
    await fs.rm(directory, {recursive: true, force: true})
  })

  async function namesInStore(): Promise<string[]> {
    const {items} = await (await openFileStore({path})).list()
    return items.map(i => i.metadata.name)
  }

  it('a journal append whose fsync fails (EIO) is reported failed and is not visible afterwards', {timeout: 60_000}, async () => {
    const run = await runInjected(['fsync:error=EIO:when=1'], WORKER, [path, 'many', '20'])
    expect(run.code, run.stderr).toBe(0)
    const report = JSON.parse(run.stdout) as {outcome: string; message?: string}
    expect(report.outcome).toBe('failed')
    expect(report.message).toMatch(/input\/output error.*nothing was written/i)
    expect(await namesInStore()).toEqual(['before'])
    // The next write takes the next revision after the last one that exists: nothing half-there.
    const [created] = await createResources(await openFileStore({path}), [hostEndpoint('after', {})])
    expect(created).toMatchObject({action: 'created', name: 'after'})
    expect(await namesInStore()).toEqual(['after', 'before'])
    expect((await (await openFileStore({path})).get('after'))?.metadata.resourceVersion).toBe('2')
  })

  it('when the failed batch cannot even be cut away, the outcome is reported unknown, not failed', {timeout: 60_000}, async () => {
    const run = await runInjected(['fsync:error=EIO:when=1', 'ftruncate:error=EIO'], WORKER, [path, 'many', '3'])
    const report = JSON.parse(run.stdout) as {outcome: string; message?: string}
    expect(report.message).toMatch(/outcome of this write .* is unknown/)
  })
})
