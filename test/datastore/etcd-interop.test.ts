/**
 * Interoperation with Calico's own tooling through etcd: what hepctl stores, read raw with etcdctl, has
 * Calico's key and value layout; what Calico (here: etcdctl writing Calico's layout) stores, hepctl reads.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {Datastore} from '../../src/datastore/datastore.js'
import {openEtcdStore} from '../../src/datastore/etcd/etcd-store.js'
import type {HostEndpoint} from '../../src/model/hostendpoint.js'
import {etcdAvailable, startEtcd, type EtcdCluster} from '../support/etcd-server.js'

const available = etcdAvailable(true)
const PREFIX = '/calico/resources/v3/projectcalico.org/hostendpoints/'

describe.runIf(available)('etcdv3 datastore: interop with etcdctl', () => {
  let etcd: EtcdCluster
  let store: Datastore

  beforeAll(async () => {
    etcd = await startEtcd()
    store = await openEtcdStore({endpoints: etcd.endpoints, requestTimeoutMs: 10_000})
  })
  afterAll(async () => {
    await store?.close()
    await etcd?.stop()
  })

  /** etcdctl's JSON view of one key: its mod revision and value. */
  function rawKey(key: string): {modRevision: number; value: string} | undefined {
    const out = JSON.parse(etcd.etcdctl(['get', key, '-w', 'json'])) as {kvs?: {mod_revision: number; value: string}[]}
    const kv = out.kvs?.[0]
    return kv && {modRevision: kv.mod_revision, value: Buffer.from(kv.value, 'base64').toString('utf8')}
  }

  it('stores under Calico key with the compact JSON encoding/json gives, without resourceVersion', async () => {
    const object: HostEndpoint = {
      apiVersion: 'projectcalico.org/v3',
      kind: 'HostEndpoint',
      metadata: {
        annotations: {note: 'v'},
        labels: {tier: 'web'},
        creationTimestamp: '2024-05-01T12:00:00Z',
        uid: '2c8bd7d8-0d0c-4e4c-9d47-4f4b1b0c8a11',
        name: 'interop-1',
      },
      spec: {
        ports: [{port: 80, protocol: 'TCP', name: 'http'}, {name: 'dns', protocol: 17, port: 53}],
        profiles: ['projectcalico-default-allow'],
        expectedIPs: ['10.0.0.1', 'fd00::1'],
        interfaceName: 'eth0',
        node: 'node1',
      },
    }
    const [created] = await store.write([{op: 'create', object}])
    expect(created.ok).toBe(true)
    const raw = rawKey(`${PREFIX}interop-1`)
    expect(raw?.value).toBe(
      '{"kind":"HostEndpoint","apiVersion":"projectcalico.org/v3",' +
        '"metadata":{"name":"interop-1","uid":"2c8bd7d8-0d0c-4e4c-9d47-4f4b1b0c8a11","creationTimestamp":"2024-05-01T12:00:00Z","labels":{"tier":"web"},"annotations":{"note":"v"}},' +
        '"spec":{"node":"node1","interfaceName":"eth0","expectedIPs":["10.0.0.1","fd00::1"],"profiles":["projectcalico-default-allow"],' +
        '"ports":[{"name":"http","protocol":"TCP","port":80},{"name":"dns","protocol":17,"port":53}]}}',
    )
    expect(created.ok && created.object.metadata.resourceVersion).toBe(String(raw?.modRevision))

    // An update carries the resourceVersion in memory; the stored value never does.
    const stored = (await store.get('interop-1'))!
    const [updated] = await store.write([{op: 'update', object: {...stored, spec: {...stored.spec, node: 'node2'}}}])
    expect(updated.ok).toBe(true)
    const after = rawKey(`${PREFIX}interop-1`)
    expect(after?.value).not.toContain('resourceVersion')
    expect(after?.value).toContain('"node":"node2"')
    expect(updated.ok && updated.object.metadata.resourceVersion).toBe(String(after?.modRevision))
    expect(etcd.etcdctl(['get', '--prefix', '--keys-only', PREFIX]).split('\n').filter(Boolean)).toEqual([`${PREFIX}interop-1`])
  })

  it('reads what Calico wrote with etcdctl: lenient decode, resourceVersion = mod revision', async () => {
    const value = JSON.stringify({
      kind: 'HostEndpoint',
      apiVersion: 'projectcalico.org/v3',
      metadata: {name: 'from-calico', uid: 'a0f5c3c2-1111-4222-8333-944455556666', creationTimestamp: '2023-01-02T03:04:05Z', resourceVersion: '1', labels: {'projectcalico.org/created-by': 'calico-kube-controllers'}, futureField: {x: 1}},
      spec: {node: 'n7', interfaceName: '*', expectedIPs: ['192.0.2.7'], profiles: ['projectcalico-default-allow'], someNewSpecField: true},
      status: {ignored: true},
    })
    etcd.etcdctl(['put', `${PREFIX}from-calico`, value])
    const raw = rawKey(`${PREFIX}from-calico`)!
    const got = await store.get('from-calico')
    expect(got).toEqual({
      apiVersion: 'projectcalico.org/v3',
      kind: 'HostEndpoint',
      metadata: {
        name: 'from-calico',
        uid: 'a0f5c3c2-1111-4222-8333-944455556666',
        resourceVersion: String(raw.modRevision),
        creationTimestamp: '2023-01-02T03:04:05Z',
        labels: {'projectcalico.org/created-by': 'calico-kube-controllers'},
      },
      spec: {node: 'n7', interfaceName: '*', expectedIPs: ['192.0.2.7'], profiles: ['projectcalico-default-allow']},
    })
    // The mod revision is the compare-and-swap token: an update at it succeeds, and etcdctl sees the result.
    const [updated] = await store.write([{op: 'update', object: {...got!, spec: {...got!.spec, node: 'n8'}}}])
    expect(updated.ok).toBe(true)
    expect(JSON.parse(rawKey(`${PREFIX}from-calico`)!.value).spec.node).toBe('n8')
    // A change made behind hepctl's back makes the old revision stale.
    etcd.etcdctl(['put', `${PREFIX}from-calico`, value])
    const [stale] = await store.write([{op: 'update', object: {...updated.ok ? updated.object : got!, spec: {node: 'n9', interfaceName: '*'}}}])
    expect(stale.ok ? 'ok' : stale.error.message).toBe('update conflict: HostEndpoint(from-calico)')
  })

  it('lists only keys of Calico HostEndpoints: other kinds, deeper keys and unreadable values are left out', async () => {
    etcd.etcdctl(['put', '/calico/resources/v3/projectcalico.org/hostendpointsX/nope', '{}'])
    etcd.etcdctl(['put', '/calico/resources/v3/projectcalico.org/profiles/p', '{"kind":"Profile"}'])
    etcd.etcdctl(['put', `${PREFIX}deeper/nope`, '{}'])
    etcd.etcdctl(['put', `${PREFIX}garbage`, 'not json'])
    const names = (await store.list()).items.map(i => i.metadata.name)
    expect(names).toEqual(['from-calico', 'interop-1'])
    const error = await store.get('garbage').catch((e: unknown) => e)
    expect((error as Error).message).toMatch(/^cannot decode the stored HostEndpoint\(garbage\)/)
    // Deleting through hepctl is seen by etcdctl.
    const [deleted] = await store.write([{op: 'delete', name: 'interop-1'}])
    expect(deleted.ok).toBe(true)
    expect(rawKey(`${PREFIX}interop-1`)).toBeUndefined()
  })
})
