// hepctl validate with policies as context: 10,000 HostEndpoints beside 1,000 GlobalNetworkPolicies, against
// validate of the same 10,000 HostEndpoints alone (target: at most 2x). The policies select the endpoints by
// rack and role, allow SSH, the API server and a few service ports, and deny the rest, as a cluster's do.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {writeManifest} from './generate.mjs'
import {measure, measureAlternating, report} from './measure.mjs'

const hepctl = join(import.meta.dirname, '..', 'bin', 'run.js')

function policyYaml(i) {
  const selector = i % 10 === 0 ? "role == 'worker'" : `rack == 'rack-${i % 40}' && environment == 'production'`
  return `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: policy-${i}
spec:
  order: ${i}
  selector: ${selector}
  types: [Ingress]
  ingress:
    - action: Allow
      protocol: TCP
      source:
        nets: [10.${i % 250}.0.0/16]
      destination:
        ports: [22, 6443, ${8000 + i}]
    - action: Deny
      protocol: UDP
      destination:
        ports: [${10000 + i}]
`
}

const dir = mkdtempSync(join(tmpdir(), 'hepctl-bench-'))
let ok = true
try {
  const heps = join(dir, 'hostendpoints.yaml')
  writeManifest(heps, 10_000)
  const policies = join(dir, 'policies.yaml')
  const docs = []
  for (let i = 0; i < 1000; i++) docs.push(policyYaml(i))
  writeFileSync(policies, docs.join('---\n'))
  const [alone, withContext] = measureAlternating(
    {cmd: process.execPath, args: [hepctl, 'validate', '-f', heps]},
    {cmd: process.execPath, args: [hepctl, 'validate', '-f', heps, '-f', policies]},
    {runs: 5},
  )
  ok = report('validate 10k HostEndpoints + 1k GlobalNetworkPolicies', withContext.median, '10k HostEndpoints alone', alone.median, {target: 2}) && ok

  // The worst case: failsafe ports off, so every must-allow packet of every endpoint is traced through its
  // policies (and every endpoint is reported as locked out: exit 1). A figure, not a target.
  const felix = join(dir, 'felix.yaml')
  writeFileSync(felix, 'apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata:\n  name: default\nspec:\n  failsafeInboundHostPorts: []\n')
  const traced = measure(process.execPath, [hepctl, 'validate', '-f', heps, '-f', policies, '-f', felix], {runs: 3, status: 1})
  report('same, failsafe ports off (every packet traced)', traced.median, '10k HostEndpoints alone', alone.median)
} finally {
  rmSync(dir, {recursive: true, force: true})
}
process.exitCode = ok ? 0 : 1
