// calico-kube-controllers' objects guarded on a real etcd: an auto host endpoint written under Calico's key, as
// the controller writes it, is refused to delete and patch without --force (the key untouched), and changed
// and deleted with --force after the warning. The check is the lifecycle's, the same as on the file store.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {hepctl} from '../support/cli.js'
import {etcdAvailable, startEtcd, type EtcdCluster} from '../support/etcd-server.js'

const KEY = '/calico/resources/v3/projectcalico.org/hostendpoints/worker-1-auto-hep'
const VALUE = JSON.stringify({
  kind: 'HostEndpoint',
  apiVersion: 'projectcalico.org/v3',
  metadata: {
    name: 'worker-1-auto-hep',
    uid: 'b1f5c3c2-1111-4222-8333-944455556666',
    creationTimestamp: '2026-01-02T03:04:05Z',
    labels: {'projectcalico.org/created-by': 'calico-kube-controllers', 'kubernetes.io/hostname': 'worker-1'},
  },
  spec: {node: 'worker-1', interfaceName: '*', expectedIPs: ['192.0.2.7'], profiles: ['projectcalico-default-allow']},
})
const IS_OWNED = 'hostendpoint/worker-1-auto-hep belongs to calico-kube-controllers (label projectcalico.org/created-by)'

describe.runIf(etcdAvailable(true))('calico-kube-controllers\' objects with DATASTORE_TYPE=etcdv3', () => {
  let etcd: EtcdCluster
  const env = () => ({DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: etcd.endpoints.join(',')})
  /** The key's value and its revision in etcd, read with etcdctl ('' when the key is absent). */
  const raw = () => etcd.etcdctl(['get', KEY, '-w', 'json'])

  beforeAll(async () => {
    etcd = await startEtcd()
    etcd.etcdctl(['put', KEY, VALUE])
  }, 120_000)
  afterAll(async () => {
    await etcd?.stop()
  })

  it('refuses delete and patch without --force, leaving the key as it was', async () => {
    const before = raw()
    const deleted = await hepctl(['delete', 'hep', 'worker-1-auto-hep'], {env: env()})
    expect(deleted.code).toBe(1)
    expect(deleted.stderr).toBe(
      `${IS_OWNED}: the controller will re-create it for node worker-1 while auto host endpoints are enabled; nothing was deleted (use --force to delete it anyway)\n`,
    )
    const patched = await hepctl(['patch', 'hep', 'worker-1-auto-hep', '-p', '{"spec":{"expectedIPs":["192.0.2.8"]}}'], {env: env()})
    expect(patched.code).toBe(1)
    expect(patched.stderr).toBe(`${IS_OWNED}: the controller will revert the change on its next sync; nothing was written (use --force to change it anyway)\n`)
    expect(raw()).toBe(before)
  })

  it('patches, then deletes, with --force after the warning', async () => {
    const patched = await hepctl(['patch', 'hep', 'worker-1-auto-hep', '-p', '{"spec":{"expectedIPs":["192.0.2.8"]}}', '--force'], {env: env()})
    expect(patched.code, patched.stderr).toBe(0)
    expect(patched.stderr).toBe(`Warning: ${IS_OWNED}: the controller will revert the change on its next sync\n`)
    expect(JSON.parse(etcd.etcdctl(['get', KEY, '--print-value-only'])).spec.expectedIPs).toEqual(['192.0.2.8'])

    const deleted = await hepctl(['delete', 'hep', 'worker-1-auto-hep', '--force'], {env: env()})
    expect(deleted.code, deleted.stderr).toBe(0)
    expect(deleted.stderr).toBe(`Warning: ${IS_OWNED}: the controller will re-create it for node worker-1 while auto host endpoints are enabled\n`)
    expect(etcd.etcdctl(['get', KEY, '--print-value-only'])).toBe('')
  })
})
