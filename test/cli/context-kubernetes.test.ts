// The policy context read from a real kube-apiserver, written there with kubectl exactly as Calico stores it
// (crd.projectcalico.org/v1, every context kind's CRD from Calico's manifests), against the same objects as
// files: `validate --context-from-datastore`, `trace` and `describe` must say the same.
import {readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {hepctl, tempDir} from '../support/cli.js'
import {
  ALLOW_HTTP_ONLY, ALLOW_HTTPS_PLUS_SSH, CONTEXT, contextYaml, HOSTS_YAML, kubernetesResource, lintLines, TRACES, withReplaced,
} from '../support/context-fixture.js'
import {installCrd, kubectl, SHARED_DIR, useKubeApiserver} from '../support/kube-apiserver.js'

const server = useKubeApiserver()
const dir = tempDir('hepctl-context-kube-')
afterAll(() => dir.cleanup())
const file = (name: string, text: string) => {
  const path = join(dir.path, name)
  writeFileSync(path, text)
  return path
}

const PLURALS = [...new Set(CONTEXT.map(e => e.plural))]

describe.runIf(server)('the policy context read from the Kubernetes datastore', () => {
  const info = server!
  const env = () => ({DATASTORE_TYPE: 'kubernetes', KUBECONFIG: info.kubeconfig})
  let hosts: string
  let context: string

  beforeAll(async () => {
    const crds = join(SHARED_DIR, 'reference', 'crds')
    for (const name of readdirSync(crds).filter(n => n.startsWith('crd.projectcalico.org_') && !n.includes('hostendpoints'))) {
      await installCrd(info.kubeconfig, join(crds, name))
    }
    await kubectl(info, ['apply', '-f', '-'], JSON.stringify({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'prod'}}))
    await kubectl(info, ['apply', '-f', '-'], JSON.stringify({apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name: 'deployer', namespace: 'prod'}}))
    await kubectl(info, ['apply', '-f', '-'], JSON.stringify({apiVersion: 'v1', kind: 'List', items: CONTEXT.map(kubernetesResource)}))
    hosts = file('hosts.yaml', HOSTS_YAML)
    context = file('context.yaml', contextYaml())
    const applied = await hepctl(['apply', '-f', hosts], {env: env()})
    expect(applied.code, applied.stderr).toBe(0)
  }, 120_000)
  afterAll(async () => {
    for (const plural of PLURALS) await kubectl(info, ['delete', `${plural}.crd.projectcalico.org`, '--all', '-A']).catch(() => undefined)
  })

  it('stores the objects as Calico does: v1 names with the default. prefix, v3 names in the annotation', async () => {
    const names = (await kubectl(info, ['get', 'globalnetworkpolicies.crd.projectcalico.org', '-o', 'name'])).trim().split('\n').sort()
    expect(names).toEqual(['globalnetworkpolicy.crd.projectcalico.org/default.allow-egress', 'globalnetworkpolicy.crd.projectcalico.org/platform.allow-https'])
    const np = JSON.parse(await kubectl(info, ['get', 'networkpolicies.crd.projectcalico.org', '-n', 'prod', '-o', 'json']))
    expect(np.items.map((i: {metadata: {name: string}}) => i.metadata.name)).toEqual(['default.allow-web'])
  })

  it('validate --context-from-datastore gives the same lints as the same objects given as files', async () => {
    const fromFiles = await hepctl(['validate', '-f', hosts, '-f', context, '--info-lints', '-o', 'json'], {env: env()})
    const fromStore = await hepctl(['validate', '-f', hosts, '--context-from-datastore', '--info-lints', '-o', 'json'], {env: env()})
    // Problems are reported on the input only: a stored staged policy informs the lints but is not judged.
    expect(lintLines(fromFiles.stdout).some(l => l.includes('[staged-policy-changes-verdict]'))).toBe(true)
    const files = lintLines(fromFiles.stdout, /hosts\.yaml$/)
    expect(files.filter(l => l.includes('[lock-out]'))).toHaveLength(2)
    expect(files.some(l => l.includes('[profile-never-applies]'))).toBe(true)
    expect(lintLines(fromStore.stdout)).toEqual(files)
    expect(fromStore.code).toBe(fromFiles.code)
    expect(fromStore.code).toBe(1)
    const text = await hepctl(['validate', '-f', hosts, '--context-from-datastore'], {env: env()})
    expect(text.stdout).toMatch(/\[lock-out\] ingress TCP 22 .*FelixConfiguration default \(stored in crd\.projectcalico\.org\/v1 on https:/)
  })

  it('an object in the input replaces the stored one: a fix silences the lock-out, a bad policy causes one', async () => {
    const fix = file('fix.yaml', contextYaml(withReplaced('platform.allow-https', ALLOW_HTTPS_PLUS_SSH).filter(e => e.object.kind === 'GlobalNetworkPolicy')))
    const fixed = await hepctl(['validate', '-f', hosts, '-f', fix, '--context-from-datastore'], {env: env()})
    expect(fixed.stdout).not.toContain('lock-out')
    expect(fixed.code, fixed.stdout).toBe(0)

    const only443 = ['--must-allow', 'ingress:tcp:443']
    const clean = await hepctl(['validate', '-f', hosts, '--context-from-datastore', ...only443], {env: env()})
    expect(clean.stdout).not.toContain('lock-out')
    const bad = file('bad.yaml', contextYaml(withReplaced('platform.allow-https', ALLOW_HTTP_ONLY).filter(e => e.object.metadata.name === 'platform.allow-https')))
    const broken = await hepctl(['validate', '-f', hosts, '-f', bad, '--context-from-datastore', ...only443], {env: env()})
    expect(broken.stdout).toMatch(/error \[lock-out\] ingress TCP 443 .*GlobalNetworkPolicy platform\.allow-https \(.*bad\.yaml:/)
    expect(broken.code).toBe(1)
  })

  it('trace without -f reads the stored context and gives the verdicts of the files', async () => {
    for (const [args, verdict] of TRACES) {
      const fromFiles = await hepctl(['trace', ...args, '-f', hosts, '-f', context, '-o', 'json'], {env: env()})
      const fromStore = await hepctl(['trace', ...args, '-o', 'json'], {env: env()})
      expect(fromStore.stderr).not.toContain('note: without -f')
      const a = JSON.parse(fromFiles.stdout)
      const b = JSON.parse(fromStore.stdout)
      expect(`${a.verdict === 'allow' ? 'allowed' : 'denied'} by ${a.decidedBy}`).toBe(verdict)
      expect({verdict: b.verdict, decidedBy: b.decidedBy}).toEqual({verdict: a.verdict, decidedBy: a.decidedBy})
      expect(fromStore.code).toBe(fromFiles.code)
    }
  })

  it('trace -f --context-from-datastore lays the stored context under the input', async () => {
    const [args] = TRACES[0]
    const alone = await hepctl(['trace', ...args, '-f', hosts], {env: env()})
    expect(alone.stdout.split('\n')[0]).toBe('allowed by failsafe-in:tcp:22')
    const over = await hepctl(['trace', ...args, '-f', hosts, '--context-from-datastore'], {env: env()})
    expect(over.stdout.split('\n')[0]).toBe('denied by end-of-tier:platform')
    expect(over.code).toBe(1)
    const fix = file('fix-trace.yaml', contextYaml(withReplaced('platform.allow-https', ALLOW_HTTPS_PLUS_SSH).filter(e => e.object.metadata.name === 'platform.allow-https')))
    const fixed = await hepctl(['trace', ...args, '-f', hosts, '-f', fix, '--context-from-datastore'], {env: env()})
    expect(fixed.stdout.split('\n')[0]).toBe('allowed by policy:platform/platform.allow-https:ingress[0]:Allow')
  })

  it('describe without -f shows the stored failsafe setting and policies, as with files', async () => {
    const fromFiles = await hepctl(['describe', 'hep', 'node1-eth0', '-f', hosts, '-f', context, '-o', 'json'], {env: env()})
    const fromStore = await hepctl(['describe', 'hep', 'node1-eth0', '-o', 'json'], {env: env()})
    expect(fromStore.code, fromStore.stderr).toBe(0)
    const strip = (text: string) => JSON.stringify(JSON.parse(text), (key, value) => (['file', 'line', 'column', 'source', 'location'].includes(key) ? undefined : value))
    expect(strip(fromStore.stdout)).toEqual(strip(fromFiles.stdout))
    const text = await hepctl(['describe', 'hep', 'node1-eth0'], {env: env()})
    expect(text.stdout).toMatch(/Inbound:.*FelixConfiguration default/)
    expect(text.stdout).toContain('platform.allow-https')
  })

  it('derives profiles as Calico does: namespaces, service accounts and projectcalico-default-allow', async () => {
    const edge = file('edge.yaml', `apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: node3-eth0}
spec: {node: node3, interfaceName: eth0, expectedIPs: [10.0.0.3], profiles: [ksa.prod.deployer, kns.prod]}
`)
    const packet = ['--direction', 'ingress', '--protocol', 'TCP', '--port', '8080', '--src', '192.0.2.1']
    const viaNamespace = await hepctl(['trace', 'node3-eth0', ...packet, '--dst', '10.0.0.3', '-f', edge, '--context-from-datastore'], {env: env()})
    expect(viaNamespace.stdout.split('\n')[0]).toBe('allowed by profile:kns.prod:ingress[0]:Allow')
    // Without the namespace profile the HostEndpoint has no allowing profile: ksa. profiles carry no rules.
    const saOnly = file('sa-only.yaml', `apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: node3-eth0}
spec: {node: node3, interfaceName: eth0, expectedIPs: [10.0.0.3], profiles: [ksa.prod.deployer]}
`)
    const viaAccount = await hepctl(['trace', 'node3-eth0', ...packet, '--dst', '10.0.0.3', '-f', saOnly, '--context-from-datastore'], {env: env()})
    expect(viaAccount.stdout.split('\n')[0]).not.toMatch(/^allowed/)
    const derived = await hepctl(['validate', '-f', edge, '--context-from-datastore'], {env: env()})
    expect(derived.stdout).not.toContain('[missing-profile]')

    // The built-in profile: node2 lists projectcalico-default-allow and no policy selects it.
    const builtIn = await hepctl(['trace', 'node2-eth0', ...packet, '--dst', '10.0.0.2', '-o', 'json'], {env: env()})
    expect(JSON.parse(builtIn.stdout)).toMatchObject({verdict: 'allow', decidedBy: 'profile:projectcalico-default-allow:ingress[0]:Allow'})
    expect(builtIn.code).toBe(0)
  })

  it('a kns./ksa. profile whose namespace or service account the cluster lacks is missing: deny-all, and a warning', async () => {
    const ghost = file('ghost.yaml', `apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: node3-eth0}
spec: {node: node3, interfaceName: eth0, expectedIPs: [10.0.0.3], profiles: [kns.nowhere, ksa.prod.nobody]}
`)
    const packet = ['node3-eth0', '--direction', 'ingress', '--protocol', 'TCP', '--port', '8080', '--src', '192.0.2.1', '--dst', '10.0.0.3', '-f', ghost]
    const fromCluster = await hepctl(['trace', ...packet, '--context-from-datastore'], {env: env()})
    expect(fromCluster.stdout.split('\n')[0]).toBe('denied by profile-missing:kns.nowhere')
    expect(fromCluster.code).toBe(1)
    // From files alone the namespaces are unknown: the profile is assumed, as Calico would derive it.
    const alone = await hepctl(['trace', ...packet], {env: env()})
    expect(alone.stdout.split('\n')[0]).toBe('allowed by profile:kns.nowhere:ingress[0]:Allow')

    const validated = await hepctl(['validate', '-f', ghost, '--context-from-datastore'], {env: env()})
    expect(validated.stdout).toMatch(/warning \[missing-profile\] profile kns\.nowhere /)
    expect(validated.stdout).toMatch(/warning \[missing-profile\] profile ksa\.prod\.nobody /)
    const described = await hepctl(['describe', 'hep', 'node3-eth0', '-f', ghost, '--context-from-datastore', '-o', 'json'], {env: env()})
    expect(JSON.parse(described.stdout).profiles).toEqual([{name: 'kns.nowhere', status: 'missing'}, {name: 'ksa.prod.nobody', status: 'missing'}])
  })
})
