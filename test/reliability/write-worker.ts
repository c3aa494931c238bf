/**
 * Creates `count` host endpoints named `prefix-N` in the file store at `path` in one batch and prints
 * {"outcome":"written"|"failed","message"?} as JSON. Run under fault injection by the reliability tests.
 */
import {openFileStore} from '../../src/datastore/file/file-store.js'
import {hostEndpoint} from './fixtures.js'

const [path, prefix, count] = process.argv.slice(2)
const store = await openFileStore({path})
try {
  const ops = Array.from({length: Number(count)}, (_, i) => ({op: 'create' as const, object: hostEndpoint(`${prefix}-${i}`, {})}))
  const results = await store.write(ops)
  const failed = results.filter(r => !r.ok)
  console.log(JSON.stringify({outcome: failed.length === 0 ? 'written' : 'failed', message: failed[0] && !failed[0].ok ? failed[0].error.message : undefined}))
} catch (error) {
  console.log(JSON.stringify({outcome: 'failed', message: (error as Error).message}))
}
