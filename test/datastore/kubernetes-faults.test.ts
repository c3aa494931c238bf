// The Kubernetes datastore behind a fault-injecting proxy in front of the real kube-apiserver: errors,
// 429 with Retry-After, cut connections (before and after the server did the work), delays, expired
// continue tokens. Every operation must end correct or with a clean error, with no lost or duplicated write.
import {readFileSync} from 'node:fs'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {DatastoreUnavailableError, type Datastore} from '../../src/datastore/datastore.js'
import {openKubernetesStore} from '../../src/datastore/kubernetes/kubernetes-store.js'
import {parseLabelSelector} from '../../src/model/label-selector.js'
import {hep, okObject} from './contract.js'
import {startFaultProxy, type Fault, type FaultProxy} from '../support/fault-proxy.js'
import {kubeRequest, useKubeApiserver, wipeHostEndpoints, type KubeApiserverInfo} from '../support/kube-apiserver.js'

const server = useKubeApiserver()

/** A deterministic pseudo-random sequence, so a failing run can be repeated. */
function random(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff
    return s / 0x7fffffff
  }
}

/** What the server really holds, read directly (not through the proxy or the store). */
async function rawItems(info: KubeApiserverInfo): Promise<Array<{metadata: {name: string; resourceVersion: string; generation?: number; annotations?: Record<string, string>}; spec: {node?: string}}>> {
  const r = await kubeRequest(info, 'GET', '/apis/crd.projectcalico.org/v1/hostendpoints')
  return r.body.items
}

if (!server) {
  describe.skip('Kubernetes faults (no kube-apiserver)', () => {
    it('needs a kube-apiserver', () => undefined)
  })
} else {
  const info = server
  let proxy: FaultProxy
  let store: Datastore

  beforeAll(async () => {
    proxy = await startFaultProxy(info.server, readFileSync(info.caFile))
    // Plain HTTP to the proxy; the admin token passes through.
    store = await openKubernetesStore({apiEndpoint: proxy.url, token: info.token, requestTimeoutMs: 10_000})
  })
  afterAll(async () => {
    await store?.close()
    await proxy?.close()
  })

  describe('through a faulty connection', () => {
    it('creates, updates and deletes under random faults end exactly as without them', async () => {
      await wipeHostEndpoints(info)
      const next = random(42)
      const faults: Fault[] = [
        {kind: 'status', status: 503},
        {kind: 'status', status: 429, retryAfter: '0'},
        {kind: 'status', status: 500},
        {kind: 'status-after', status: 504},
        {kind: 'cut-before'},
        {kind: 'cut-after'},
        {kind: 'delay', ms: 50},
      ]
      const seen = new Map<string, number>()
      proxy.setRule(({method, path}) => {
        // At most two faults per distinct request, so every op can finish within the retry bounds.
        const key = `${method} ${path}`
        const count = seen.get(key) ?? 0
        if (count >= 2 || next() > 0.35) return undefined
        seen.set(key, count + 1)
        return faults[Math.floor(next() * faults.length)]
      })
      try {
        const names = Array.from({length: 120}, (_, i) => `fault-${String(i).padStart(3, '0')}`)
        const created = await store.write(names.map(name => ({op: 'create' as const, object: hep(name, {labels: {round: 'one'}})})))
        expect(created.map(r => (r.ok ? 'ok' : r.error.message)).filter(r => r !== 'ok')).toEqual([])
        let raw = await rawItems(info)
        expect(raw.map(i => i.metadata.name).sort()).toEqual(names)

        const objects = created.map(okObject)
        const updated = await store.write(objects.map(o => ({op: 'update' as const, object: {...o, spec: {...o.spec, node: 'node-two'}}})))
        expect(updated.map(r => (r.ok ? 'ok' : r.error.message)).filter(r => r !== 'ok')).toEqual([])
        raw = await rawItems(info)
        for (const item of raw) {
          expect(item.spec.node).toBe('node-two')
          // One spec change each: a duplicated update would have been refused (stale resourceVersion), and
          // the store reports the object that is really stored.
          expect(item.metadata.generation).toBe(2)
        }
        const byName = new Map(raw.map(i => [i.metadata.name, i.metadata.resourceVersion]))
        for (const r of updated) expect(okObject(r).metadata.resourceVersion).toBe(byName.get(okObject(r).metadata.name))

        const listed = await store.list({selector: parseLabelSelector('round=one')})
        expect(listed.items.map(i => i.metadata.name)).toEqual(names)

        const deleted = await store.write(names.map(name => ({op: 'delete' as const, name})))
        expect(deleted.map(r => (r.ok ? 'ok' : r.error.message)).filter(r => r !== 'ok')).toEqual([])
        expect(await rawItems(info)).toEqual([])
        // The faults really happened, including ones where the server did the work and the answer was lost.
        const kinds = new Set(proxy.log.map(e => e.fault).filter(Boolean))
        expect(kinds).toContain('cut-after')
        expect(kinds).toContain('status-after')
        expect(kinds).toContain('cut-before')
      } finally {
        proxy.setRule(undefined)
      }
    })

    it('a create whose answer was lost is not reported as already existing; a real duplicate still is', async () => {
      await wipeHostEndpoints(info)
      let cut = false
      proxy.setRule(({method}) => {
        if (method === 'POST' && !cut) {
          cut = true
          return {kind: 'cut-after'}
        }
        return undefined
      })
      try {
        const [first] = await store.write([{op: 'create', object: hep('lost-answer')}])
        expect(first.ok).toBe(true)
        const posts = proxy.log.filter(e => e.method === 'POST' && e.path.endsWith('/hostendpoints'))
        expect(posts.slice(-2).map(e => e.upstreamStatus)).toEqual([201, 409])
        const [second] = await store.write([{op: 'create', object: hep('lost-answer')}])
        expect(second.ok).toBe(false)
        if (!second.ok) expect(second.error.reason).toBe('already-exists')
      } finally {
        proxy.setRule(undefined)
      }
    })

    it('honours Retry-After on 429 before retrying', async () => {
      await wipeHostEndpoints(info)
      let sent = false
      proxy.setRule(({method}) => {
        if (method === 'POST' && !sent) {
          sent = true
          return {kind: 'status', status: 429, retryAfter: '1'}
        }
        return undefined
      })
      try {
        const [result] = await store.write([{op: 'create', object: hep('throttled')}])
        expect(result.ok).toBe(true)
        const posts = proxy.log.filter(e => e.method === 'POST')
        const [limited, retry] = posts.slice(-2)
        expect(limited.fault).toBe('status')
        expect(retry.upstreamStatus).toBe(201)
        // The retry came no sooner than the server asked.
        expect(retry.at - limited.at).toBeGreaterThanOrEqual(950)
      } finally {
        proxy.setRule(undefined)
      }
    })

    it('gives up cleanly when faults persist: per-resource error for 5xx, unavailable for a dead connection', async () => {
      await wipeHostEndpoints(info)
      const bounded = await openKubernetesStore(
        {apiEndpoint: proxy.url, token: info.token, requestTimeoutMs: 10_000},
        {maxAttempts: 3, maxRetryWaitMs: 5000},
      )
      try {
        await bounded.get('warm-up')
        proxy.setRule(({method}) => (method === 'POST' ? {kind: 'status', status: 503} : undefined))
        const [failed] = await bounded.write([{op: 'create', object: hep('never')}])
        expect(failed.ok).toBe(false)
        if (!failed.ok) {
          expect(failed.error.reason).toBe('failed')
          expect(failed.error.message).toBe(
            'outcome unknown: the Kubernetes API server kept failing (HTTP 503: injected 503); check with `hepctl get hostendpoint never` whether the change was made',
          )
        }
        expect(proxy.log.filter(e => e.method === 'POST').slice(-3).every(e => e.fault === 'status')).toBe(true)

        proxy.setRule(() => ({kind: 'cut-before'}))
        const error = await bounded.write([{op: 'create', object: hep('never')}]).then(() => undefined, e => e as Error)
        expect(error).toBeInstanceOf(DatastoreUnavailableError)
        expect(error?.message).toMatch(/kept dropping the connection/)
        proxy.setRule(undefined)
        expect(await bounded.get('never')).toBeUndefined()
      } finally {
        proxy.setRule(undefined)
        await bounded.close()
      }
    })

    it('when the server goes away part-way, what was written is still reported and the rest fail', async () => {
      await wipeHostEndpoints(info)
      const bounded = await openKubernetesStore({apiEndpoint: proxy.url, token: info.token, requestTimeoutMs: 10_000}, {maxAttempts: 2, maxRetryWaitMs: 200})
      try {
        await bounded.get('warm-up')
        let posts = 0
        proxy.setRule(({method}) => (method === 'POST' && ++posts > 2 ? {kind: 'cut-before'} : undefined))
        const names = ['part-a', 'part-b', 'part-c', 'part-d']
        const results = await bounded.write(names.map(n => ({op: 'create', object: hep(n)})), {concurrency: 1})
        expect(results.map(r => r.ok)).toEqual([true, true, false, false])
        for (const r of results.slice(2)) if (!r.ok) expect(r.error.message).toMatch(/not known to be written, the datastore stopped answering/)
        proxy.setRule(undefined)
        expect((await bounded.list()).items.map(i => i.metadata.name)).toEqual(['part-a', 'part-b'])
      } finally {
        proxy.setRule(undefined)
        await bounded.close()
      }
    })

    it('a request slower than the timeout is retried: a batch goes on, and a create that did happen is success', async () => {
      await wipeHostEndpoints(info)
      const slow = await openKubernetesStore({apiEndpoint: proxy.url, token: info.token, requestTimeoutMs: 1000})
      try {
        await slow.get('warm-up')
        // Every fifth create is answered late (after the server created it); every seventh is forwarded late.
        let posts = 0
        proxy.setRule(({method}) => {
          if (method !== 'POST') return undefined
          posts++
          if (posts % 5 === 0) return {kind: 'delay-after', ms: 1500}
          if (posts % 7 === 0) return {kind: 'delay', ms: 1500}
          return undefined
        })
        const names = Array.from({length: 30}, (_, i) => `slow-${String(i).padStart(2, '0')}`)
        const results = await slow.write(names.map(name => ({op: 'create' as const, object: hep(name)})), {concurrency: 4})
        expect(results.map(r => (r.ok ? 'ok' : r.error.message)).filter(r => r !== 'ok')).toEqual([])
        expect(proxy.log.filter(e => e.fault === 'delay-after').length).toBeGreaterThan(0)
        proxy.setRule(undefined)
        expect((await rawItems(info)).map(i => i.metadata.name).sort()).toEqual(names)
      } finally {
        proxy.setRule(undefined)
        await slow.close()
      }
    })

    it('a request that outlives the timeout is a clear error', async () => {
      const slow = await openKubernetesStore({apiEndpoint: proxy.url, token: info.token, requestTimeoutMs: 300})
      proxy.setRule(() => ({kind: 'delay', ms: 1500}))
      try {
        const error = await slow.get('x').then(() => undefined, e => e as Error)
        expect(error).toBeInstanceOf(DatastoreUnavailableError)
        expect(error?.message).toBe(
          `the Kubernetes API server at ${proxy.url} did not answer within 0.3 s; check that it is healthy, or raise --request-timeout`,
        )
      } finally {
        proxy.setRule(undefined)
        await slow.close()
      }
    })

    it('a list whose continue token expired (410) starts again and returns each object once', async () => {
      await wipeHostEndpoints(info)
      const names = Array.from({length: 1010}, (_, i) => `gone-${String(i).padStart(4, '0')}`)
      const created = await store.write(names.map(name => ({op: 'create' as const, object: hep(name)})))
      expect(created.every(r => r.ok)).toBe(true)
      let expired = false
      proxy.setRule(({path}) => {
        if (path.includes('continue=') && !expired) {
          expired = true
          return {kind: 'status', status: 410}
        }
        return undefined
      })
      try {
        const list = await store.list()
        expect(expired).toBe(true)
        expect(list.items.map(i => i.metadata.name)).toEqual(names)
        const pages = proxy.log.filter(e => e.path.includes('limit=500'))
        expect(pages.length).toBeGreaterThanOrEqual(4)
      } finally {
        proxy.setRule(undefined)
        await wipeHostEndpoints(info)
      }
    })
  })
}
