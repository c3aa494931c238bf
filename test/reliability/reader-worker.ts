/**
 * Reads a file store in a loop for a while (no lock, as every reader) and reports anything inconsistent:
 * a base resource missing, a resource seen before missing (nothing is deleted meanwhile), or the store
 * revision going backwards.
 * Usage: node --import tsx reader-worker.ts <store> <base-count> <milliseconds>
 */
import {openFileStore} from '../../src/datastore/file/file-store.js'

const [path, baseText, msText] = process.argv.slice(2)
const base = Number(baseText)
const until = Date.now() + Number(msText)
const problems: string[] = []
let reads = 0
let lastRevision = 0
const seen = new Set<string>()
// A fresh instance each time reads the files from scratch; one long-lived instance reads incrementally.
const longLived = await openFileStore({path})
while (Date.now() < until && problems.length < 10) {
  for (const store of [await openFileStore({path}), longLived]) {
    const list = await store.list()
    const revision = Number(list.revision)
    if (revision < lastRevision) problems.push(`revision went from ${lastRevision} back to ${revision}`)
    lastRevision = revision
    const names = new Set(list.items.map(i => i.metadata.name))
    for (let i = 0; i < base; i++) if (!names.has(`base-${i}`)) problems.push(`base-${i} missing at revision ${revision}`)
    for (const name of seen) if (!names.has(name)) problems.push(`${name} vanished at revision ${revision}`)
    for (const name of names) seen.add(name)
    for (const item of list.items) {
      if (Number(item.metadata.resourceVersion) > revision) problems.push(`${item.metadata.name} is newer than the list`)
    }
    reads++
  }
}
process.stdout.write(JSON.stringify({reads, problems}))
