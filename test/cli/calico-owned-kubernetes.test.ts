// calico-kube-controllers' objects guarded on a real kube-apiserver: an auto host endpoint stored as Calico's
// client stores it (the CR, its labels in Calico's metadata annotation) is refused to delete and replace without
// --force (the CR untouched: same resourceVersion), and changed and deleted with --force after the warning.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {hepctl, hepYaml, tempDir} from '../support/cli.js'
import {kubectl, useKubeApiserver} from '../support/kube-apiserver.js'

const server = useKubeApiserver()
const dir = tempDir('hepctl-owned-kube-')
afterAll(() => dir.cleanup())

const CR = `
apiVersion: crd.projectcalico.org/v1
kind: HostEndpoint
metadata:
  name: worker-1-auto-hep
  labels:
    projectcalico.org/created-by: calico-kube-controllers
  annotations:
    projectcalico.org/metadata: '{"creationTimestamp":"2026-01-02T03:04:05Z","labels":{"kubernetes.io/hostname":"worker-1","projectcalico.org/created-by":"calico-kube-controllers"}}'
spec:
  node: worker-1
  interfaceName: "*"
  expectedIPs: [10.1.2.3]
  profiles: [projectcalico-default-allow]
`
const IS_OWNED = 'hostendpoint/worker-1-auto-hep belongs to calico-kube-controllers (label projectcalico.org/created-by)'
const RECREATES = 'the controller will re-create it for node worker-1 while auto host endpoints are enabled'
const REVERTS = 'the controller will revert the change on its next sync'

describe.runIf(server)('calico-kube-controllers\' objects with DATASTORE_TYPE=kubernetes', () => {
  const info = server!
  const env = () => ({DATASTORE_TYPE: 'kubernetes', KUBECONFIG: info.kubeconfig})
  const crVersion = async () => JSON.parse(await kubectl(info, ['get', 'hostendpoints.crd.projectcalico.org', 'worker-1-auto-hep', '-o', 'json'])).metadata.resourceVersion
  // The manifest a user would write: the same name, no ownership label, another interface.
  const manifest = join(dir.path, 'mine.yaml')
  writeFileSync(manifest, hepYaml('worker-1-auto-hep', {node: 'worker-1', iface: 'eth1'}))

  it('refuses replace and delete without --force, leaving the CR as it was', async () => {
    await kubectl(info, ['create', '--validate=false', '-f', '-'], CR)
    const before = await crVersion()
    const replaced = await hepctl(['replace', '-f', manifest], {env: env()})
    expect(replaced.code).toBe(1)
    expect(replaced.stderr).toContain(`${IS_OWNED}: ${REVERTS}; nothing was written (use --force to change it anyway)\n`)
    const deleted = await hepctl(['delete', 'hep', 'worker-1-auto-hep'], {env: env()})
    expect(deleted.code).toBe(1)
    expect(deleted.stderr).toBe(`${IS_OWNED}: ${RECREATES}; nothing was deleted (use --force to delete it anyway)\n`)
    expect(await crVersion()).toBe(before)
  })

  it('a server dry run is refused the same way, and with --force is sent to the server and stores nothing', async () => {
    const before = await crVersion()
    for (const args of [['replace', '-f', manifest], ['delete', 'hep', 'worker-1-auto-hep'], ['label', 'hep', 'worker-1-auto-hep', 'x=y']]) {
      const refused = await hepctl([...args, '--dry-run=server'], {env: env()})
      expect({args, code: refused.code}).toEqual({args, code: 1})
      expect(refused.stderr).toContain(`${IS_OWNED}: `)
      const forced = await hepctl([...args, '--dry-run=server', '--force'], {env: env()})
      expect({args, code: forced.code, err: forced.stderr}).toMatchObject({args, code: 0})
      expect(forced.stderr).toContain(`Warning: ${IS_OWNED}: `)
      expect(forced.stdout).toContain('(server dry run)')
    }
    expect(await crVersion()).toBe(before)
  })

  it('replaces, then deletes, with --force after the warning', async () => {
    const replaced = await hepctl(['replace', '-f', manifest, '--force'], {env: env()})
    expect(replaced.code, replaced.stderr).toBe(0)
    expect(replaced.stderr).toContain(`Warning: ${IS_OWNED}: ${REVERTS}\n`)
    const raw = JSON.parse(await kubectl(info, ['get', 'hostendpoints.crd.projectcalico.org', 'worker-1-auto-hep', '-o', 'json']))
    expect(raw.spec.interfaceName).toBe('eth1')

    // The label is gone with the replace, so the object is no longer the controller's: no warning, no --force.
    const deleted = await hepctl(['delete', 'hep', 'worker-1-auto-hep'], {env: env()})
    expect(deleted.code, deleted.stderr).toBe(0)
    expect(deleted.stderr).toBe('')
  })

  it('deletes a controller\'s object with --force after the warning', async () => {
    await kubectl(info, ['create', '--validate=false', '-f', '-'], CR)
    const deleted = await hepctl(['delete', 'hep/worker-1-auto-hep', '--force'], {env: env()})
    expect(deleted.code, deleted.stderr).toBe(0)
    expect(deleted.stderr).toBe(`Warning: ${IS_OWNED}: ${RECREATES}\n`)
    expect(await kubectl(info, ['get', 'hostendpoints.crd.projectcalico.org', '-o', 'name'])).toBe('')
  })
})
