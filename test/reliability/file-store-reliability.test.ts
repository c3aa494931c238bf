/**
 * The file store under real concurrency and real crashes: separate node processes (workers in this
 * folder) share one store directory.
 */
import {type ChildProcess, spawn} from 'node:child_process'
import {promises as fs} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {openFileStore} from '../../src/datastore/file/file-store.js'
import {createResources} from '../../src/lifecycle/bulk-commands.js'
import {bulkName, hostEndpoint} from './fixtures.js'

const here = dirname(fileURLToPath(import.meta.url))
const repoRoot = join(here, '..', '..')

function startWorker(script: string, args: string[]): {child: ChildProcess; output: Promise<{code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string}>} {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, script), ...args], {cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe']})
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', chunk => (stdout += chunk))
  child.stderr!.on('data', chunk => (stderr += chunk))
  const output = new Promise<{code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string}>(resolve => {
    child.on('close', (code, signal) => resolve({code, signal, stdout, stderr}))
  })
  return {child, output}
}

let directory: string
beforeAll(async () => {
  directory = await fs.mkdtemp(join(tmpdir(), 'hepctl-reliability-'))
})
afterAll(async () => {
  await fs.rm(directory, {recursive: true, force: true})
})

describe('file store reliability', () => {
  it('eight processes applying, labelling and deleting at once lose no update', {timeout: 120_000}, async () => {
    const path = join(directory, 'concurrent')
    const store = await openFileStore({path})
    await createResources(store, [hostEndpoint('counter', {})])
    const workers = 8
    const iterations = 60
    const runs = Array.from({length: workers}, (_, id) =>
      startWorker('concurrent-worker.ts', [path, String(id), String(iterations), String(16 * 1024)]),
    )
    const outputs = await Promise.all(runs.map(r => r.output))
    for (const out of outputs) expect(out.code, out.stderr).toBe(0)
    const summaries = outputs.map(o => JSON.parse(o.stdout) as {
      id: string
      increments: number
      revisions: number[]
      expected: Record<string, {seq: string; touched?: string} | null>
    })

    // Every successful write got its own revision, and each worker saw its revisions strictly increase.
    const all = summaries.flatMap(s => s.revisions)
    expect(new Set(all).size).toBe(all.length)
    for (const s of summaries) {
      for (let i = 1; i < s.revisions.length; i++) expect(s.revisions[i]).toBeGreaterThan(s.revisions[i - 1])
    }

    // The store parses, the counter saw every increment, and every worker's own resources are as it left them.
    const fresh = await openFileStore({path})
    const list = await fresh.list()
    const byName = new Map(list.items.map(i => [i.metadata.name, i]))
    const counter = byName.get('counter')!
    expect(Number(counter.metadata.annotations?.count)).toBe(summaries.reduce((sum, s) => sum + s.increments, 0))
    expect(Number(counter.metadata.annotations?.count)).toBe(workers * iterations)
    for (const s of summaries) {
      for (const [name, state] of Object.entries(s.expected)) {
        const stored = byName.get(name)
        if (state === null) {
          expect(stored, name).toBeUndefined()
        } else {
          expect(stored?.metadata.labels, name).toEqual(state.touched === undefined ? {seq: state.seq} : {seq: state.seq, touched: state.touched})
        }
      }
    }
    expect(Number(list.revision)).toBeGreaterThanOrEqual(Math.max(...all))
    expect((await fs.readdir(path)).filter(f => f.startsWith('lock'))).toEqual([])
  })

  it('a reader without the lock never sees a half-compacted store', {timeout: 60_000}, async () => {
    const path = join(directory, 'readers')
    const base = Array.from({length: 20}, (_, i) => hostEndpoint(`base-${i}`, {}))
    await createResources(await openFileStore({path}, {minCompactBytes: 1}), base)
    // A small threshold: the journal gathers a few writes, then a compaction folds them into a new
    // snapshot and empties the journal, again and again, while the reader reads.
    const writer = await openFileStore({path}, {minCompactBytes: 2048})
    const reader = startWorker('reader-worker.ts', [path, '20', '4000'])
    await new Promise(resolve => setTimeout(resolve, 500))
    for (let i = 0; i < 400; i++) {
      const [result] = await createResources(writer, [hostEndpoint(`extra-${i}`, {})])
      expect(result.action).toBe('created')
    }
    const out = await reader.output
    expect(out.code, out.stderr).toBe(0)
    const summary = JSON.parse(out.stdout) as {reads: number; problems: string[]}
    expect(summary.problems).toEqual([])
    expect(summary.reads).toBeGreaterThan(10)
  })

  it('SIGKILL at random moments of a 10,000-resource apply never leaves a broken or half-written store', {timeout: 120_000}, async () => {
    const path = join(directory, 'crash')
    const total = 10_000
    /** Generation each resource holds (0 = absent). */
    const known = new Array<number>(total).fill(0)
    /** How long a write call takes, by resource count: kills are aimed uniformly inside it. */
    const writeMs = new Map<number, number>([[total, 400], [300, 20]])
    let killed = 0
    let killedInsideWrite = 0

    // Until 15 applies were killed (runs that finish first count as ordinary applies).
    for (let generation = 1; killed < 15 && generation <= 40; generation++) {
      // Odd generations rewrite all 10,000 (snapshot path); even ones 300 (journal path).
      const count = generation % 2 === 1 ? total : 300
      const run = startWorker('bulk-apply-worker.ts', [path, String(generation), String(count)])
      let writingAt = 0
      let writtenAt = 0
      run.child.stdout!.on('data', (chunk: Buffer) => {
        const text = chunk.toString()
        if (text.includes('writing') && !writingAt) {
          writingAt = Date.now()
          setTimeout(() => run.child.kill('SIGKILL'), Math.random() * writeMs.get(count)!)
        }
        if (text.includes('written')) writtenAt = Date.now()
      })
      const out = await run.output
      if (out.signal === 'SIGKILL') {
        killed++
        // A lock left behind means the kill landed inside a write; the next run must take it over.
        if ((await fs.readdir(path)).includes('lock')) killedInsideWrite++
      } else {
        expect(out.code, out.stderr).toBe(0)
        if (writingAt && writtenAt) writeMs.set(count, Math.max(5, writtenAt - writingAt))
      }

      const store = await openFileStore({path})
      const list = await store.list()
      const seen = new Map(list.items.map(i => [i.metadata.name, Number(i.metadata.labels?.gen)]))
      let landed = 0
      for (let i = 0; i < total; i++) {
        const now = seen.get(bulkName(i)) ?? 0
        const allowed = i < count ? [known[i], generation] : [known[i]]
        expect(allowed, `${bulkName(i)} after generation ${generation}`).toContain(now)
        if (i < count && now === generation) landed++
        known[i] = now
      }
      // One apply is one batch: it lands whole or not at all.
      expect([0, count]).toContain(landed)
      if (out.signal !== 'SIGKILL') expect(landed).toBe(count)
      expect(list.items.length).toBe(seen.size)
      expect(Number(list.revision)).toBeGreaterThanOrEqual(Math.max(0, ...list.items.map(i => Number(i.metadata.resourceVersion))))
    }
    expect(killed).toBe(15)
    // The kills must have hit running writes, or this test proves little.
    expect(killedInsideWrite).toBeGreaterThanOrEqual(5)
    process.stderr.write(`[reliability] ${killed} applies killed, ${killedInsideWrite} inside a write\n`)
  })
})
