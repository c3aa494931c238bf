// hepctl trace on a large input (issue 13): 10,000 HostEndpoints and 1,000 GlobalNetworkPolicies, against
// `hepctl validate` of the same files in the same run (alternating, medians). Target: trace <= 1.5x validate,
// so that the engine is not the cost of `trace`. Selector evaluation speed is in bench/policy.mjs.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {writeManifest} from './generate.mjs'
import {measureAlternating, report} from './measure.mjs'

const hepctl = join(import.meta.dirname, '..', 'bin', 'run.js')
const ENDPOINTS = 10_000
const POLICIES = 1_000
const dir = mkdtempSync(join(tmpdir(), 'hepctl-bench-trace-'))
let ok = true
try {
  writeManifest(join(dir, 'hostendpoints.yaml'), ENDPOINTS)
  const policies = []
  for (let i = 0; i < POLICIES; i++) {
    policies.push(`apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: gnp-${i}
spec:
  order: ${i}
  selector: rack == "rack-${i % 40}" && role == "worker"
  ingress:
    - action: Allow
      protocol: TCP
      source:
        selector: environment == "production"
      destination:
        ports: [${1000 + i}]
`)
  }
  writeFileSync(join(dir, 'policies.yaml'), policies.join('---\n'))
  const args = ['-f', dir]
  const [trace, validate] = measureAlternating(
    // hep-5 is in rack-5, so gnp-5, gnp-45, ... select it; port 9999 matches none of their rules: the whole
    // tier is walked and ends in its default deny (exit 1).
    {cmd: process.execPath, args: [hepctl, 'trace', 'hep-5', '--direction', 'ingress', '--protocol', 'TCP', '--port', '9999', '--src', '10.1.1.1', '--dst', '10.1.1.6', ...args], options: {status: 1}},
    {cmd: process.execPath, args: [hepctl, 'validate', ...args]},
    {runs: 5},
  )
  ok = report(`trace vs validate: ${ENDPOINTS} HEPs + ${POLICIES} GNPs (median of 5)`, trace.median, 'validate', validate.median, {target: 1.5}) && ok
} finally {
  rmSync(dir, {recursive: true, force: true})
}
process.exitCode = ok ? 0 : 1
