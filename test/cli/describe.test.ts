// `hepctl describe hep NAME` as a user runs it: the built CLI spawned on manifests in a temporary directory.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'

import {hepctl, tempDir} from '../support/cli.js'

const dir = tempDir('hepctl-describe-')
afterAll(() => dir.cleanup())
const file = join(dir.path, 'host.yaml')
writeFileSync(file, `apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: eth0-hep
  labels:
    role: web
spec:
  node: n1
  interfaceName: eth0
  expectedIPs: ["10.0.0.1"]
  profiles: [team-a, projectcalico-default-allow]
---
apiVersion: projectcalico.org/v3
kind: Profile
metadata:
  name: team-a
spec:
  labelsToApply:
    team: a
---
apiVersion: projectcalico.org/v3
kind: FelixConfiguration
metadata:
  name: default
spec:
  failsafeInboundHostPorts:
    - protocol: TCP
      port: 2222
---
apiVersion: projectcalico.org/v3
kind: Tier
metadata:
  name: security
spec:
  order: 100
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: security.first
spec:
  tier: security
  selector: team == "a"
  ingress:
    - action: Pass
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: https
spec:
  selector: role == "web"
  ingress:
    - action: Allow
      protocol: TCP
      destination:
        ports: [443]
`)

describe('hepctl describe hep', () => {
  it('text: labels own and inherited, failsafe ports in force, tiers and policies in order with one-line rules, then the default', async () => {
    const r = await hepctl(['describe', 'hep', 'eth0-hep', '-f', file])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const out = r.stdout
    expect(out).toMatch(/^Labels:\s+role=web$/m)
    expect(out).toMatch(/^Inherited labels:.*team=a.*team-a/m)
    expect(out).toMatch(/Inbound:\s+tcp:2222\b/)
    expect(out).not.toMatch(/Inbound:.*tcp:22,/)
    const ingress = out.slice(out.indexOf('Ingress:'), out.indexOf('Egress:'))
    // security (order 100) comes before default, each policy with its rules one per line and its file:line.
    expect(ingress.indexOf('Tier security')).toBeGreaterThan(-1)
    expect(ingress.indexOf('Tier security')).toBeLessThan(ingress.indexOf('Tier default'))
    expect(ingress).toMatch(/\[0\] Pass.*\(.*host\.yaml:\d+:\d+\)/)
    expect(ingress).toMatch(/\[0\] Allow TCP to ports 443\s+\(.*host\.yaml:\d+:\d+\)/)
    expect(ingress.trim().split('\n').at(-1)).toMatch(/Unmatched:\s+end of tier default.*deny/)
    const egress = out.slice(out.indexOf('Egress:'), out.indexOf('Forwarded ingress:'))
    expect(egress).toMatch(/Unmatched:.*profile projectcalico-default-allow.*allow/)
  })
  it('-o json and -o yaml give the same description as data', async () => {
    const json = await hepctl(['describe', 'hep', 'eth0-hep', '-f', file, '-o', 'json'])
    expect(json.code).toBe(0)
    const data = JSON.parse(json.stdout)
    expect(data).toMatchObject({kind: 'EndpointDescription', name: 'eth0-hep', labels: {own: {role: 'web'}, effective: {role: 'web', team: 'a'}}})
    expect(data.failsafe.inbound).toEqual(['tcp:2222'])
    const yaml = await hepctl(['describe', 'hep', 'eth0-hep', '-f', file, '-o', 'yaml'])
    expect(yaml.code).toBe(0)
    expect(parseYaml(yaml.stdout)).toEqual(data)
  })
  it('an endpoint not in the input: exit 1 (not found, as get), one line', async () => {
    const r = await hepctl(['describe', 'hep', 'nope', '-f', file])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })
})
