/**
 * Applies `count` resources labelled `gen=<generation>` to a file store in one call, announcing on
 * stdout when each write call starts and ends, so a test can SIGKILL it in between.
 * Usage: node --import tsx bulk-apply-worker.ts <store> <generation> <count>
 */
import {openFileStore} from '../../src/datastore/file/file-store.js'
import {applyResources} from '../../src/lifecycle/bulk-commands.js'
import {bulkName, hostEndpoint} from './fixtures.js'

const [path, generation, countText] = process.argv.slice(2)
const objects = Array.from({length: Number(countText)}, (_, i) => hostEndpoint(bulkName(i), {gen: generation}, `node-${generation}`))
const store = await openFileStore({path})
// Announce each write call, so the test can aim its kill at the write itself.
const write = store.write.bind(store)
store.write = async (ops, options) => {
  process.stdout.write('writing\n')
  const results = await write(ops, options)
  process.stdout.write('written\n')
  return results
}
const results = await applyResources(store, objects)
const failed = results.filter(r => r.action === 'failed')
process.stdout.write(`done ${failed.length}\n`)
process.exitCode = failed.length > 0 ? 1 : 0
