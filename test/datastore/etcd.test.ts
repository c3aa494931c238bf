/**
 * The etcdv3 datastore against a real single-member etcd: the datastore contract, then what is
 * particular to etcd (historical reads, paging, batched writes, configuration errors).
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {EtcdConfig} from '../../src/config/datastore-config.js'
import {DatastoreUnavailableError, ResourceError, type WriteOp} from '../../src/datastore/datastore.js'
import {openEtcdStore} from '../../src/datastore/etcd/etcd-store.js'
import {discoverEtcdEndpoints} from '../../src/datastore/etcd/srv-discovery.js'
import {applyResources} from '../../src/lifecycle/bulk-commands.js'
import {etcdAvailable, openEmptyEtcdStore, startEtcd, type EtcdCluster} from '../support/etcd-server.js'
import {defineDatastoreContract, hep} from './contract.js'

const available = etcdAvailable()

describe.runIf(available)('etcdv3 datastore, single member', () => {
  let etcd: EtcdCluster
  const config = (): EtcdConfig => ({endpoints: etcd.endpoints, requestTimeoutMs: 10_000})

  beforeAll(async () => {
    etcd = await startEtcd()
  })
  afterAll(async () => {
    await etcd?.stop()
  })

  defineDatastoreContract('etcdv3 (single member)', () => openEmptyEtcdStore(config()))

  describe('etcd specifics', () => {
    it('get with a revision reads the object as it was at that revision', async () => {
      const {store, cleanup} = await openEmptyEtcdStore(config())
      try {
        const [created] = await applyResources(store, [hep('hist', {node: 'first'})])
        const [updated] = await applyResources(store, [hep('hist', {node: 'second'})])
        expect(updated.action).toBe('configured')
        const then = await store.get('hist', {revision: created.object!.metadata.resourceVersion})
        expect(then?.spec.node).toBe('first')
        expect(then?.metadata.resourceVersion).toBe(created.object!.metadata.resourceVersion)
        expect((await store.get('hist'))?.spec.node).toBe('second')
      } finally {
        await cleanup()
      }
    })

    it('a revision that is not a number is a validation error on ResourceVersion', async () => {
      const {store, cleanup} = await openEmptyEtcdStore(config())
      try {
        await expect(store.get('x', {revision: 'abc'})).rejects.toThrow("error with field ResourceVersion = 'abc'")
        const [result] = await store.write([{op: 'update', object: hep('x', {resourceVersion: 'abc'})}])
        expect(result.ok).toBe(false)
        if (!result.ok) {
          expect(result.error.reason).toBe('invalid')
          expect(result.error.message).toBe("error with field ResourceVersion = 'abc'")
        }
      } finally {
        await cleanup()
      }
    })

    it('a future revision is a per-resource error, not a crash', async () => {
      const {store, cleanup} = await openEmptyEtcdStore(config())
      try {
        const error = await store.get('x', {revision: '999999999'}).catch((e: unknown) => e)
        expect(error).toBeInstanceOf(ResourceError)
        expect((error as Error).message).toMatch(/future revision/)
      } finally {
        await cleanup()
      }
    })

    it('lists more keys than one page, consistently, sorted, with the list revision', async () => {
      const {store, cleanup} = await openEmptyEtcdStore(config())
      try {
        const count = 4567 // more than two pages of 2,000: the first page, then two read together
        const names = Array.from({length: count}, (_, i) => `page-${String(i).padStart(5, '0')}`)
        const results = await store.write(names.map(n => ({op: 'create', object: {...hep(n), metadata: {name: n, uid: `u-${n}`}}})))
        expect(results.every(r => r.ok)).toBe(true)
        const list = await store.list()
        expect(list.items.map(i => i.metadata.name)).toEqual(names)
        const maxRv = Math.max(...list.items.map(i => Number(i.metadata.resourceVersion)))
        expect(Number(list.revision)).toBeGreaterThanOrEqual(maxRv)
        // A list at an older revision sees the store as it was then.
        await store.write([{op: 'delete', name: names[0]}])
        const old = await store.list({revision: list.revision})
        expect(old.items).toHaveLength(count)
        expect((await store.list()).items).toHaveLength(count - 1)
      } finally {
        await cleanup()
      }
    })

    it('a batch where one precondition fails still applies every other op and reports each precisely', async () => {
      const {store, cleanup} = await openEmptyEtcdStore(config())
      try {
        await store.write([{op: 'create', object: hep('taken-050')}])
        const ops: WriteOp[] = Array.from({length: 250}, (_, i) => ({op: 'create', object: hep(`taken-${String(i).padStart(3, '0')}`)}))
        const progress: number[] = []
        const results = await store.write(ops, {onProgress: done => progress.push(done), concurrency: 4})
        expect(results.map((r, i) => (r.ok ? 'ok' : `${i}:${r.error.reason}`)).filter(r => r !== 'ok')).toEqual(['50:already-exists'])
        expect(results.filter(r => r.ok).map(r => (r as {object: {metadata: {name: string}}}).object.metadata.name)).toEqual(
          ops.filter((_, i) => i !== 50).map(o => (o as {object: {metadata: {name: string}}}).object.metadata.name),
        )
        expect((await store.list()).items).toHaveLength(250)
        expect(progress.at(-1)).toBe(250)
      } finally {
        await cleanup()
      }
    })

    it('two ops on one name in one write keep their order', async () => {
      const {store, cleanup} = await openEmptyEtcdStore(config())
      try {
        const results = await store.write([
          {op: 'create', object: hep('same', {node: 'a'})},
          {op: 'delete', name: 'same'},
          {op: 'create', object: hep('same', {node: 'b'})},
        ])
        expect(results.map(r => r.ok)).toEqual([true, true, true])
        expect((await store.get('same'))?.spec.node).toBe('b')
      } finally {
        await cleanup()
      }
    })

    it('watch: large batches arrive whole and in order, across HTTP/2 frames; deletions carry the last object', async () => {
      const {store, cleanup} = await openEmptyEtcdStore(config())
      const stop = new AbortController()
      try {
        // 150 creates in transactions of 100, each value ~2 KB: responses of ~200 KB, split into many frames.
        const names = Array.from({length: 150}, (_, i) => `big-${String(i).padStart(3, '0')}`)
        const note = {note: 'x'.repeat(2000)}
        const {revision} = await store.list()
        const seen: string[] = []
        const revisions: number[] = []
        const watching = store.watch!({revision, signal: stop.signal}, event => {
          seen.push(`${event.type} ${event.object.metadata.name} ${event.object.metadata.annotations?.note.length ?? 0}`)
          revisions.push(Number(event.object.metadata.resourceVersion))
          if (seen.length === 2 * names.length) stop.abort()
        }).then(end => ({end}), (error: unknown) => ({error}))
        const created = await store.write(names.map(name => ({op: 'create' as const, object: hep(name, {annotations: note})})))
        expect(created.every(r => r.ok)).toBe(true)
        const deleted = await store.write(names.map(name => ({op: 'delete' as const, name})))
        expect(deleted.every(r => r.ok)).toBe(true)
        expect(await watching).toEqual({end: 'stopped'})
        // The transactions run concurrently, so which batch comes first is open; within the watch, revisions only grow.
        expect(seen.slice(0, names.length).sort()).toEqual(names.map(n => `ADDED ${n} 2000`))
        expect(seen.slice(names.length).sort()).toEqual(names.map(n => `DELETED ${n} 2000`))
        expect(revisions).toEqual([...revisions].sort((a, b) => a - b))
      } finally {
        stop.abort()
        await cleanup()
      }
    })

    it('reports where it stores, without secrets', async () => {
      const store = await openEtcdStore({...config(), username: 'u', password: 'hunter2-secret'})
      try {
        expect(store.type).toBe('etcdv3')
        expect(store.location).toBe(etcd.endpoints.join(','))
        expect(store.location).not.toContain('hunter2')
      } finally {
        await store.close()
      }
    })
  })
})

describe.runIf(available)('etcdv3 datastore, member with a small --max-txn-ops', () => {
  it('bulk writes still land, one transaction per op', async () => {
    const etcd = await startEtcd({extraArgs: ['--max-txn-ops', '8']})
    try {
      const store = await openEtcdStore({endpoints: etcd.endpoints, requestTimeoutMs: 10_000})
      const results = await store.write(Array.from({length: 120}, (_, i) => ({op: 'create' as const, object: hep(`small-${i}`)})))
      expect(results.filter(r => !r.ok)).toEqual([])
      expect((await store.list()).items).toHaveLength(120)
      await store.close()
    } finally {
      await etcd.stop()
    }
  })
})

describe('etcdv3 configuration errors', () => {
  const base = {requestTimeoutMs: 2000}
  it('endpoints and SRV discovery are exclusive; some endpoint is required', async () => {
    await expect(openEtcdStore({...base, endpoints: ['http://127.0.0.1:1'], discoverySrv: 'example.com'})).rejects.toThrow(
      'multiple discovery or bootstrap options specified, use either "etcdEndpoints" or "etcdDiscoverySrv"',
    )
    await expect(openEtcdStore({...base, endpoints: []})).rejects.toThrow('no etcd endpoints specified')
  })

  it('inline PEM and certificate files cannot be mixed; missing files are named', async () => {
    await expect(openEtcdStore({...base, endpoints: ['https://127.0.0.1:1'], caCert: 'x', caCertFile: '/nonexistent/ca.pem'})).rejects.toThrow(
      'Cannot mix inline certificate-key and certificate / key files',
    )
    const error = await openEtcdStore({...base, endpoints: ['https://127.0.0.1:1'], caCertFile: '/nonexistent/ca.pem'}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DatastoreUnavailableError)
    expect((error as Error).message).toBe('cannot read the etcd CA certificate file /nonexistent/ca.pem: ENOENT')
  })

  it('SRV discovery of a domain without records is a clear error', async () => {
    const error = await discoverEtcdEndpoints('no-such-domain.invalid').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DatastoreUnavailableError)
    expect((error as Error).message).toMatch(/^cannot discover etcd endpoints from the DNS SRV records of "no-such-domain\.invalid"/)
  })

  it('SRV records become endpoints: https from _etcd-client-ssl, http from _etcd-client, by priority', async () => {
    const records: Record<string, {name: string; port: number; priority: number; weight: number}[]> = {
      '_etcd-client-ssl._tcp.example.test': [
        {name: 'b.example.test', port: 2379, priority: 20, weight: 1},
        {name: 'a.example.test', port: 2379, priority: 10, weight: 1},
      ],
    }
    const resolve = async (name: string) => {
      const found = records[name]
      if (!found) throw Object.assign(new Error('queryNotFound'), {code: 'ENOTFOUND'})
      return found
    }
    expect(await discoverEtcdEndpoints('example.test', resolve)).toEqual(['https://a.example.test:2379', 'https://b.example.test:2379'])
  })
})

describe('Calico etcd value layout', () => {
  it('omits what Go omits (empty strings, maps and lists) and always writes kind, apiVersion, metadata, spec', async () => {
    const {toCalicoStorage} = await import('../../src/datastore/etcd/calico-etcd-layout.js')
    const value = toCalicoStorage({
      apiVersion: 'projectcalico.org/v3',
      kind: 'HostEndpoint',
      metadata: {name: 'bare', labels: {}, annotations: {}, resourceVersion: '42', selfLink: '/x', uid: ''},
      spec: {expectedIPs: [], profiles: [], ports: [], interfaceName: ''},
    })
    expect(value).toBe('{"kind":"HostEndpoint","apiVersion":"projectcalico.org/v3","metadata":{"name":"bare"},"spec":{}}')
  })

  it('decodes leniently: the key gives the name when the value has none; a non-object is refused', async () => {
    const {fromCalicoStorage, nameFromKey, hostEndpointKey} = await import('../../src/datastore/etcd/calico-etcd-layout.js')
    expect(fromCalicoStorage('{"spec":{"node":"n","ports":[{"name":"p","protocol":6,"port":22}]}}', 'k', '9')).toEqual({
      apiVersion: 'projectcalico.org/v3',
      kind: 'HostEndpoint',
      metadata: {name: 'k', resourceVersion: '9'},
      spec: {node: 'n', ports: [{name: 'p', protocol: 6, port: 22}]},
    })
    expect(() => fromCalicoStorage('[1]', 'k', '9')).toThrow(SyntaxError)
    expect(nameFromKey(hostEndpointKey('a.b'))).toBe('a.b')
    expect(nameFromKey(`${hostEndpointKey('a')}/b`)).toBeUndefined()
    expect(nameFromKey('/calico/resources/v3/projectcalico.org/hostendpointsX/a')).toBeUndefined()
  })
})
