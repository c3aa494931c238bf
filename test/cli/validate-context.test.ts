// `hepctl validate` with policies beside the HostEndpoints, run as CI runs it: a pull request that would
// lock the nodes out is refused with the reason, in every report format, with positions in both files.
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {XMLParser} from 'fast-xml-parser'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {hepctl, tempDir} from '../support/cli.js'
import {etcdAvailable, startEtcd, type EtcdCluster} from '../support/etcd-server.js'

const dir = tempDir()
const write = (name: string, text: string) => {
  const path = join(dir.path, name)
  mkdirSync(join(path, '..'), {recursive: true})
  writeFileSync(path, text)
  return path
}

const HOSTS = `apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: node1-eth0
  labels:
    role: k8s-node
spec:
  node: node1
  interfaceName: eth0
  expectedIPs: [10.0.0.1]
  profiles: [projectcalico-default-allow]
`
// The pull request: the failsafe ports turned off, and ingress narrowed to HTTPS.
const PULL_REQUEST = `apiVersion: projectcalico.org/v3
kind: FelixConfiguration
metadata:
  name: default
spec:
  failsafeInboundHostPorts: []
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: allow-https
spec:
  selector: role == 'k8s-node'
  ingress:
    - action: Allow
      protocol: TCP
      destination:
        ports: [443]
`
const FIXED = PULL_REQUEST.replace('ports: [443]', 'ports: [22, 443, 6443]')

let repo: string
beforeAll(() => {
  repo = dir.path
  write('hosts/nodes.yaml', HOSTS)
  write('policy/pr.yaml', PULL_REQUEST)
  write('fixed/pr.yaml', FIXED)
})
afterAll(() => dir.cleanup())

const run = (args: string[], env: NodeJS.ProcessEnv = {}) => hepctl(['validate', '-f', 'hosts', '-f', 'policy', '-R', ...args], {cwd: repo, env})

describe('hepctl validate with policies (a worked CI example)', () => {
  it('refuses a pull request that would lock the node out, saying why and where', async () => {
    const r = await run([])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^hosts\/nodes\.yaml:4:9: error \[lock-out\] ingress TCP 22 to 10\.0\.0\.1 from 203\.0\.113\.10 would be denied \(end-of-tier:default\)/m)
    expect(r.stdout).toContain('failsafe ports set by FelixConfiguration default (policy/pr.yaml:6:29, spec.failsafeInboundHostPorts): none (the list is [])')
    expect(r.stdout).toMatch(/in GlobalNetworkPolicy allow-https \(policy\/pr\.yaml:15:5, spec\.ingress\)/)
    expect(r.stdout).toContain('[lock-out] ingress TCP 6443')
  })

  it('passes once the policy allows what the host must keep', async () => {
    const r = await hepctl(['validate', '-f', 'hosts', '-f', 'fixed', '-R'], {cwd: repo})
    expect(r.stdout).not.toContain('lock-out')
    expect(r.code).toBe(0)
  })

  it('--must-allow changes the list; a malformed list is a usage error', async () => {
    const only443 = await run(['--must-allow', 'ingress:tcp:443'])
    expect(only443.stdout).not.toContain('lock-out')
    expect(only443.code).toBe(0)
    const bad = await run(['--must-allow', 'ingress:tcp'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('is not DIRECTION:PROTOCOL:PORT')
  })

  it('reports the lint with its position in JSON, JUnit, SARIF and GitHub annotations', async () => {
    const json = JSON.parse((await run(['-o', 'json'])).stdout)
    const problems = json.resources.flatMap((r: {problems: {code: string}[]}) => r.problems).filter((p: {code: string}) => p.code === 'lock-out')
    expect(problems).toHaveLength(2)
    expect(problems[0]).toMatchObject({severity: 'error', file: 'hosts/nodes.yaml', line: 4, column: 9, resource: 'node1-eth0'})

    const xml = new XMLParser({ignoreAttributes: false}).parse((await run(['-o', 'junit'])).stdout)
    const failures = [xml.testsuites.testsuite].flat().flatMap((s: {testcase: unknown}) => [s.testcase].flat()).filter((c: {failure?: unknown}) => c.failure !== undefined)
    expect(JSON.stringify(failures)).toMatch(/lock-out[\s\S]*nodes\.yaml:4:9/)

    const sarif = JSON.parse((await run(['-o', 'sarif'])).stdout)
    const result = sarif.runs[0].results.find((x: {ruleId: string}) => x.ruleId === 'lock-out')
    expect(result.level).toBe('error')
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/hosts\/nodes\.yaml$/)
    expect(result.locations[0].physicalLocation.region).toMatchObject({startLine: 4, startColumn: 9})
    expect(result.message.text).toContain('policy/pr.yaml:15:5')

    const github = (await run([], {GITHUB_ACTIONS: 'true'})).stdout
    expect(github).toMatch(/^::error file=hosts\/nodes\.yaml,line=4,col=9,title=hepctl lock-out::ingress TCP 22 .*policy\/pr\.yaml:15:5/m)
  })

  it('without policies keeps the endpoint-alone lints and says no policies were given', async () => {
    write('alone/hep.yaml', HOSTS.replace('  profiles: [projectcalico-default-allow]\n', ''))
    const r = await hepctl(['validate', '-f', 'alone/hep.yaml'], {cwd: repo})
    expect(r.stdout).toMatch(/warning \[no-allow-profile\].*\(no policies given: judged from the endpoint alone/)
    expect(r.code).toBe(0)
    const strict = await hepctl(['validate', '-f', 'alone/hep.yaml', '--strict'], {cwd: repo})
    expect(strict.code).toBe(1)
  })

  it('--strict makes a context warning an error', async () => {
    write('tiers/policy.yaml', PULL_REQUEST.replace('  selector:', '  tier: platform\n  selector:').replace('name: allow-https', 'name: platform.allow-https').replace('ports: [443]', 'ports: [22, 443, 6443]'))
    const lax = await hepctl(['validate', '-f', 'hosts', '-f', 'tiers', '-R'], {cwd: repo})
    expect(lax.stdout).toMatch(/warning \[tier-not-found\]/)
    expect(lax.code).toBe(0)
    const strict = await hepctl(['validate', '-f', 'hosts', '-f', 'tiers', '-R', '--strict'], {cwd: repo})
    expect(strict.stdout).toMatch(/error \[tier-not-found\]/)
    expect(strict.code).toBe(1)
  })
})

describe.runIf(etcdAvailable(true))('hepctl validate --context-from-datastore (a real etcd)', () => {
  let etcd: EtcdCluster
  const env = () => ({DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: etcd.endpoints.join(',')})
  const key = (plural: string, name: string) => `/calico/resources/v3/projectcalico.org/${plural}/${name}`

  beforeAll(async () => {
    etcd = await startEtcd()
    // The live cluster: failsafe ports off, and a policy that keeps SSH and the API server open.
    etcd.etcdctl(['put', key('felixconfigurations', 'default'), JSON.stringify({kind: 'FelixConfiguration', apiVersion: 'projectcalico.org/v3', metadata: {name: 'default'}, spec: {failsafeInboundHostPorts: []}})])
    etcd.etcdctl(['put', key('globalnetworkpolicies', 'default.allow-https'), JSON.stringify({
      kind: 'GlobalNetworkPolicy', apiVersion: 'projectcalico.org/v3', metadata: {name: 'allow-https'},
      spec: {tier: 'default', selector: "role == 'k8s-node'", types: ['Ingress'], ingress: [{action: 'Allow', protocol: 'TCP', destination: {ports: [22, 443, 6443]}}]},
    })])
  })
  afterAll(async () => {
    await etcd?.stop()
  })

  it('judges the endpoints against the stored policies', async () => {
    const r = await hepctl(['validate', '-f', 'hosts', '-R', '--context-from-datastore'], {cwd: repo, env: env()})
    expect(r.stdout).not.toContain('lock-out')
    expect(r.code, r.stdout + r.stderr).toBe(0)
    const lax = await hepctl(['validate', '-f', 'hosts', '-R', '--context-from-datastore', '--must-allow', 'ingress:tcp:8080'], {cwd: repo, env: env()})
    expect(lax.stdout).toMatch(/error \[lock-out\] ingress TCP 8080 .*FelixConfiguration default \(stored in etcdv3 .*\).*GlobalNetworkPolicy allow-https \(stored in etcdv3/)
    expect(lax.code).toBe(1)
  })

  it('lets the input replace the stored policy of the same name: the pull request is checked against the cluster', async () => {
    write('pr-only/policy.yaml', PULL_REQUEST.split('---\n')[1])
    const r = await hepctl(['validate', '-f', 'hosts', '-R', '-f', 'pr-only/policy.yaml', '--context-from-datastore'], {cwd: repo, env: env()})
    expect(r.stdout).toMatch(/error \[lock-out\] ingress TCP 22 .*FelixConfiguration default \(stored in etcdv3[^)]*\).*GlobalNetworkPolicy allow-https \(pr-only\/policy\.yaml:/)
    expect(r.code).toBe(1)
  })
})
