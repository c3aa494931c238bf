// The real hepctl against the real kube-apiserver: what a user runs with DATASTORE_TYPE=kubernetes.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {hepYaml, hepctl, tempDir} from '../support/cli.js'
import {kubectl, useKubeApiserver} from '../support/kube-apiserver.js'

const server = useKubeApiserver()
const dir = tempDir('hepctl-kube-cli-')
afterAll(() => dir.cleanup())

describe.runIf(server)('hepctl with DATASTORE_TYPE=kubernetes', () => {
  const info = server!
  const env = () => ({DATASTORE_TYPE: 'kubernetes', KUBECONFIG: info.kubeconfig})
  const file = (name: string, text: string) => {
    const path = join(dir.path, name)
    writeFileSync(path, text)
    return path
  }

  it('applies, and Calico (kubectl) sees its own layout', async () => {
    const manifests = file('two.yaml', [hepYaml('kube-a', {labels: {tier: 'web'}}), hepYaml('kube-b', {node: 'node2'})].join('---\n'))
    const applied = await hepctl(['apply', '-f', manifests], {env: env()})
    expect(applied.code, applied.stderr).toBe(0)
    expect(applied.stdout).toContain('hostendpoint/kube-a created')
    expect(applied.stdout).toContain("Successfully applied 2 'HostEndpoint' resource(s)")

    const raw = JSON.parse(await kubectl(info, ['get', 'hostendpoints.crd.projectcalico.org', 'kube-a', '-o', 'json']))
    expect(raw.apiVersion).toBe('crd.projectcalico.org/v1')
    expect(raw.spec).toEqual({node: 'node1', interfaceName: 'eth0', expectedIPs: ['10.0.0.1'], profiles: ['projectcalico-default-allow']})
    // Labels the user set live in Calico's metadata annotation, not at the top level.
    expect(raw.metadata.labels ?? {}).toEqual({})
    expect(JSON.parse(raw.metadata.annotations['projectcalico.org/metadata']).labels).toEqual({tier: 'web'})

    const wide = await hepctl(['get', 'hep', '-o', 'wide'], {env: env()})
    expect(wide.stdout).toMatch(/^kube-a\s+node1\s+eth0\s+10\.0\.0\.1\s+projectcalico-default-allow\s*$/m)
    expect(wide.stdout).toMatch(/^kube-b\s+node2\s/m)
  })

  it('round-trips get -o yaml through apply, and a stale copy is an update conflict', async () => {
    const got = await hepctl(['get', 'hep', 'kube-a', '-o', 'yaml'], {env: env()})
    expect(got.code, got.stderr).toBe(0)
    const object = parse(got.stdout)
    expect(object.apiVersion).toBe('projectcalico.org/v3')
    expect(object.metadata.labels).toEqual({tier: 'web'})

    const same = await hepctl(['apply', '-f', '-'], {env: env(), input: got.stdout})
    expect(same.stdout).toContain('hostendpoint/kube-a unchanged')
    const changed = await hepctl(['apply', '-f', '-'], {env: env(), input: got.stdout.replace('interfaceName: eth0', 'interfaceName: eth1')})
    expect(changed.code, changed.stderr).toBe(0)
    expect(changed.stdout).toContain('hostendpoint/kube-a configured')
    const stale = await hepctl(['apply', '-f', '-'], {env: env(), input: got.stdout.replace('interfaceName: eth0', 'interfaceName: eth7')})
    expect(stale.code).toBe(1)
    expect(stale.stdout + stale.stderr).toContain('update conflict: HostEndpoint(kube-a)')
  })

  it('labels, patches, selects and deletes', async () => {
    expect((await hepctl(['label', 'hep', 'kube-b', 'env=prod'], {env: env()})).code).toBe(0)
    const patched = await hepctl(['patch', 'hep', 'kube-b', '-p', '{"spec":{"interfaceName":"bond0"}}'], {env: env()})
    expect(patched.code, patched.stderr).toBe(0)
    const selected = await hepctl(['get', 'hep', '-l', 'env=prod', '-o', 'jsonpath={.items[*].spec.interfaceName}'], {env: env()})
    expect(selected.stdout.trim()).toBe('bond0')
    const deleted = await hepctl(['delete', 'hep', '-l', 'env=prod'], {env: env()})
    expect(deleted.code, deleted.stderr).toBe(0)
    expect((await hepctl(['get', 'hep', '-o', 'name'], {env: env()})).stdout.trim().split('\n')).toEqual(['hostendpoint.projectcalico.org/kube-a'])
    const missing = await hepctl(['get', 'hep', 'kube-b'], {env: env()})
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('resource does not exist: HostEndpoint(kube-b)')
  })

  it('a refused token is exit code 3 with a clear line, and the token is never printed', async () => {
    const token = 'not-the-right-token-0123456789'
    const kubeconfig = file('bad-token.kubeconfig', `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "${info.server}", certificate-authority: "${info.caFile}"}}]
users: [{name: u, user: {token: ${token}}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`)
    const r = await hepctl(['get', 'heps'], {env: {DATASTORE_TYPE: 'kubernetes', KUBECONFIG: kubeconfig}})
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/unauthorized/)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stdout + r.stderr).not.toContain(token)
  })

  it('--kubeconfig selects the Kubernetes datastore and version says where', async () => {
    const r = await hepctl(['version', '--kubeconfig', info.kubeconfig])
    expect(r.stdout).toMatch(/Datastore type:\s+kubernetes/)
    const listed = await hepctl(['get', 'heps', '-o', 'name', '--kubeconfig', info.kubeconfig])
    expect(listed.code, listed.stderr).toBe(0)
    expect(listed.stdout).toContain('kube-a')
  })
})
