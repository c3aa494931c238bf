/**
 * One of several processes hammering one file store: increments a shared counter with compare-and-swap,
 * applies, labels and deletes its own resources. Prints a JSON summary on stdout.
 * Usage: node --import tsx concurrent-worker.ts <store> <worker-id> <iterations> <min-compact-bytes>
 */
import {ResourceError} from '../../src/datastore/datastore.js'
import {openFileStore} from '../../src/datastore/file/file-store.js'
import {applyResources, deleteResources, replaceResources} from '../../src/lifecycle/bulk-commands.js'
import {labelResource} from '../../src/lifecycle/single-resource.js'
import {hostEndpoint} from './fixtures.js'

const [path, id, iterationsText, compactText] = process.argv.slice(2)
const iterations = Number(iterationsText)
const store = await openFileStore({path}, {minCompactBytes: Number(compactText), lockTimeoutMs: 60_000})
const validate = (object: unknown) => ({object: object as never, problems: []})

const revisions: number[] = []
const note = (rv: string | undefined) => {
  if (rv !== undefined) revisions.push(Number(rv))
}
/** What this worker expects its own resources to hold at the end: undefined = deleted. */
const expected: Record<string, {seq: string; touched?: string} | undefined> = {}
let increments = 0
const own = (n: number) => `w${id}-${n % 10}`

for (let i = 0; i < iterations; i++) {
  // Read-modify-write of the shared counter, pinned to the revision read: never a lost update.
  for (;;) {
    const counter = (await store.get('counter'))!
    const count = Number(counter.metadata.annotations?.count ?? '0')
    const next = {...counter, metadata: {...counter.metadata, annotations: {count: String(count + 1)}}}
    const [result] = await replaceResources(store, [next])
    if (result.action === 'configured') {
      increments++
      note(result.object?.metadata.resourceVersion)
      break
    }
    if (result.error?.reason !== 'conflict') throw result.error ?? new Error(`unexpected ${result.action}`)
  }

  const name = own(i)
  const [applied] = await applyResources(store, [hostEndpoint(name, {seq: String(i)})])
  if (applied.action === 'failed') throw applied.error
  note(applied.object?.metadata.resourceVersion)
  expected[name] = {seq: String(i)}

  const target = own(i + 3)
  const labeled = await labelResource(store, target, {key: 'touched', value: String(i), overwrite: true}, {validate})
  if (labeled.action === 'labeled') {
    note(labeled.object?.metadata.resourceVersion)
    expected[target] = {...expected[target]!, touched: String(i)}
  } else if (!(labeled.error instanceof ResourceError && labeled.error.reason === 'not-found' && expected[target] === undefined)) {
    throw new Error(`label ${target}: ${labeled.action} ${labeled.error?.message}`)
  }

  if (i % 5 === 4) {
    const victim = own(i + 7)
    const [deleted] = await deleteResources(store, [{name: victim}], {skipNotExists: true})
    if (deleted.action === 'deleted') expected[victim] = undefined
    else if (expected[victim] !== undefined) throw new Error(`delete ${victim}: ${deleted.action}`)
  }
}
await store.close()
process.stdout.write(JSON.stringify({id, increments, revisions, expected}))
