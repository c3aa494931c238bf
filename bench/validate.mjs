// hepctl validate: start-up against `node -e 0`, and throughput on 100,000 documents against a bare
// js-yaml parse of the same file (no positions, no checks).
import {mkdtempSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {writeManifest} from './generate.mjs'
import {measure, report} from './measure.mjs'

const hepctl = join(import.meta.dirname, '..', 'bin', 'run.js')
const dir = mkdtempSync(join(tmpdir(), 'hepctl-bench-'))
let ok = true
try {
  const one = join(dir, 'one-hostendpoint.yaml')
  writeManifest(one, 1)
  const floor = measure(process.execPath, ['-e', '0'], {runs: 21})
  const startup = measure(process.execPath, [hepctl, 'validate', '-f', one], {runs: 21})
  ok = report('start-up: validate -f one-hostendpoint.yaml (median)', startup.median, 'node -e 0', floor.median, {target: 1.5}) && ok

  const n = 100_000
  const big = join(dir, 'hostendpoints-100k.yaml')
  const bytes = writeManifest(big, n)
  const parseFloor = measure(process.execPath, ['-e', `require(${JSON.stringify(join(import.meta.dirname, '..', 'node_modules', 'js-yaml'))}).loadAll(require('fs').readFileSync(${JSON.stringify(big)}, 'utf8'))`], {runs: 3})
  const run = measure(process.execPath, [hepctl, 'validate', '-f', big], {runs: 3})
  const docsPerSecond = n / (run.median / 1000)
  const fastEnough = docsPerSecond >= 40_000
  console.log(`throughput: validate ${n} documents (${(bytes / 1e6).toFixed(1)} MB): ${run.median.toFixed(0)} ms = ${Math.round(docsPerSecond)} documents/s (target >= 40000) ${fastEnough ? 'ok' : 'MISSED'}`)
  ok = fastEnough && ok
  report('throughput: validate 100k documents vs bare js-yaml loadAll', run.median, 'js-yaml loadAll', parseFloor.median)
  if (run.peakRssKiB > 0) {
    const memRatio = (run.peakRssKiB * 1024) / statSync(big).size
    console.log(`memory: peak RSS ${(run.peakRssKiB / 1024).toFixed(0)} MiB = ${memRatio.toFixed(2)}x the file size (target <= 8x) ${memRatio <= 8 ? 'ok' : 'MISSED'}`)
    ok = memRatio <= 8 && ok
  } else {
    console.log('memory: not measured (needs GNU time at /usr/bin/time; Debian: time)')
  }
} finally {
  rmSync(dir, {recursive: true, force: true})
}
process.exitCode = ok ? 0 : 1
