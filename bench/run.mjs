// `npm run bench`: every benchmark section in turn. Each prints its figures beside a floor measured in the
// same run, as ratios (medians of repeated runs). Sections that need a server start their own or say why
// they were skipped.
import {spawnSync} from 'node:child_process'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)
const sections = ['validate', 'context-lints', 'policy', 'trace', 'startup', 'file-store', 'etcd', 'kubernetes', 'binary'].filter(s => only.length === 0 || only.includes(s))
let failed = false
for (const section of sections) {
  console.log(`\n## ${section}`)
  const r = spawnSync(process.execPath, [join(here, `${section}.mjs`)], {stdio: 'inherit'})
  if (r.status !== 0) {
    failed = true
    console.log(`(section ${section} failed with exit code ${r.status})`)
  }
}
process.exitCode = failed ? 1 : 0
