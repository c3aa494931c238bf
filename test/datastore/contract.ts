/**
 * The Datastore contract: storage primitives (etcd's compare-and-swap rules, reference §5.2) and the
 * lifecycle on top of them (reference §4.4, §4.6), stated once. Every backend's test file calls
 * `defineDatastoreContract` with a function that opens a fresh, EMPTY store for each test.
 */
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {type Datastore, DatastoreUnavailableError, type WriteOp, type WriteResult} from '../../src/datastore/datastore.js'
import {applyResources, createResources, deleteResources, diffResources, replaceResources} from '../../src/lifecycle/bulk-commands.js'
import {type ValidateResource} from '../../src/lifecycle/resource-result.js'
import {labelResource, patchResource} from '../../src/lifecycle/single-resource.js'
import {labelMessage, patchFailure} from '../../src/output/single-result.js'
import type {HostEndpoint} from '../../src/model/hostendpoint.js'
import {labelKeyProblem, labelValueProblem, parseLabelSelector} from '../../src/model/label-selector.js'
import type {PathSegment, Problem} from '../../src/problem/problem.js'

/** Documented behaviour differences between backends. */
export interface ContractOptions {
  /**
   * Whether a delete honours a given revision: `enforced` (etcd, file: stale gives `update conflict`)
   * or `ignored` (Kubernetes, as calicoctl's KDD: a stale revision still deletes). Default `enforced`.
   */
  deleteRevision?: 'enforced' | 'ignored'
  /**
   * Whether not-found / already-exists errors end in `with error: <nil>` exactly (etcd, file) or carry
   * the backend's own inner error text (Kubernetes). Default true.
   */
  nilErrorDetail?: boolean
  /** How many resources the bulk test writes (keep it small for slow backends). Default 60. */
  bulkSize?: number
  /**
   * Whether the backend assigns uid and creationTimestamp itself on create, ignoring those the op
   * carries (Kubernetes: the API server's uid, as calicoctl's KDD shows it). Default false: they are
   * stored as given. Either way an update keeps them.
   */
  serverAssignsUid?: boolean
}

export interface OpenedStore {
  store: Datastore
  cleanup(): Promise<void>
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const RFC3339_SECONDS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/
const DECIMAL = /^[1-9]\d*$/
const INTERFACE = /^[a-zA-Z0-9_.-]{1,15}$/

/** A HostEndpoint as a manifest would give it. */
/** The object of a write that must have succeeded (its error message otherwise). */
/** The message of the DatastoreUnavailableError `promise` rejects with (failing the test otherwise). */
export async function unavailableMessage(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(DatastoreUnavailableError)
  return (error as Error).message
}

export function okObject(result: WriteResult): HostEndpoint {
  if (!result.ok) throw new Error(result.error.message)
  return result.object
}

export function hep(name: string, extra: {labels?: Record<string, string>; annotations?: Record<string, string>; node?: string; interfaceName?: string; resourceVersion?: string} = {}): HostEndpoint {
  return {
    apiVersion: 'projectcalico.org/v3',
    kind: 'HostEndpoint',
    metadata: {
      name,
      ...(extra.resourceVersion ? {resourceVersion: extra.resourceVersion} : {}),
      ...(extra.labels ? {labels: extra.labels} : {}),
      ...(extra.annotations ? {annotations: extra.annotations} : {}),
    },
    spec: {node: extra.node ?? 'node1', interfaceName: extra.interfaceName ?? 'eth0', expectedIPs: ['10.0.0.1']},
  }
}

/** A small stand-in for the real validator: label syntax and interface names, as problems. */
export const validateStandIn: ValidateResource = object => {
  const problems: Problem[] = []
  const add = (path: PathSegment[], message: string) => problems.push({severity: 'error', code: 'invalid-value', message, path})
  const o = object as HostEndpoint
  if (typeof o !== 'object' || o === null || typeof o.metadata !== 'object' || typeof o.spec !== 'object') {
    add([], 'not a HostEndpoint')
    return {problems}
  }
  for (const [key, value] of Object.entries(o.metadata.labels ?? {})) {
    const problem = labelKeyProblem(key) ?? (typeof value === 'string' ? labelValueProblem(value) : 'a label value must be a string')
    if (problem) add(['metadata', 'labels', key], problem)
  }
  if (o.spec.interfaceName !== undefined && o.spec.interfaceName !== '*' && !INTERFACE.test(o.spec.interfaceName)) {
    add(['spec', 'interfaceName'], `error with field InterfaceName = '${o.spec.interfaceName}'`)
  }
  for (const key of Object.keys(o.spec)) {
    if (!['node', 'interfaceName', 'expectedIPs', 'profiles', 'ports'].includes(key)) add(['spec', key], `field in document is not recognized or is in the wrong location: ${key}`)
  }
  return problems.length > 0 ? {problems} : {object: o, problems}
}

function rv(object: HostEndpoint | undefined): bigint {
  const value = object?.metadata.resourceVersion
  expect(value).toMatch(DECIMAL)
  return BigInt(value!)
}

/** Declares the contract's describe/it blocks for one backend. */
export function defineDatastoreContract(name: string, open: () => Promise<OpenedStore>, options: ContractOptions = {}): void {
  const deleteRevision = options.deleteRevision ?? 'enforced'
  const nilDetail = options.nilErrorDetail ?? true
  const bulkSize = options.bulkSize ?? 60

  const expectNotFound = (message: string | undefined, n: string) => {
    if (nilDetail) expect(message).toBe(`resource does not exist: HostEndpoint(${n}) with error: <nil>`)
    else expect(message).toMatch(new RegExp(`^resource does not exist: HostEndpoint\\(${n.replace(/\./g, '\\.')}\\) with error: `))
  }
  const expectExists = (message: string | undefined, n: string) => {
    if (nilDetail) expect(message).toBe(`resource already exists: HostEndpoint(${n}) with error: <nil>`)
    else expect(message).toMatch(new RegExp(`^resource already exists: HostEndpoint\\(${n.replace(/\./g, '\\.')}\\) with error: `))
  }

  describe(`Datastore contract: ${name}`, () => {
    let opened: OpenedStore
    let store: Datastore

    beforeEach(async () => {
      opened = await open()
      store = opened.store
    })
    afterEach(async () => {
      await opened?.cleanup()
    })

    /** Creates objects through the lifecycle and returns them as stored. */
    async function seed(...objects: HostEndpoint[]): Promise<HostEndpoint[]> {
      const results = await createResources(store, objects)
      for (const r of results) expect(r.action, r.error?.message).toBe('created')
      return results.map(r => r.object!)
    }

    describe('primitives', () => {
      it('starts empty: get gives undefined, list gives no items and a revision', async () => {
        expect(await store.get('absent')).toBeUndefined()
        const list = await store.list()
        expect(list.items).toEqual([])
        expect(list.revision).toMatch(/^\d+$/)
        expect(store.type).toMatch(/^(file|kubernetes|etcdv3)$/)
        expect(typeof store.location).toBe('string')
      })

      it('create stores the object as given and returns it with a decimal resourceVersion', async () => {
        const object = {...hep('web-1', {labels: {tier: 'web'}, annotations: {note: 'x'}})}
        object.metadata = {...object.metadata, uid: '2c8bd7d8-0d0c-4e4c-9d47-4f4b1b0c8a11', creationTimestamp: '2024-05-01T12:00:00Z'}
        const [result] = await store.write([{op: 'create', object}])
        expect(result.ok).toBe(true)
        const created = (result as {object: HostEndpoint}).object
        expect(created.metadata.resourceVersion).toMatch(DECIMAL)
        if (options.serverAssignsUid) {
          expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/)
          expect(created.metadata.creationTimestamp).toMatch(RFC3339_SECONDS_UTC)
        } else {
          expect(created.metadata.uid).toBe('2c8bd7d8-0d0c-4e4c-9d47-4f4b1b0c8a11')
          expect(created.metadata.creationTimestamp).toBe('2024-05-01T12:00:00Z')
        }
        const got = await store.get('web-1')
        expect(got?.apiVersion).toBe('projectcalico.org/v3')
        expect(got?.kind).toBe('HostEndpoint')
        expect(got?.metadata.resourceVersion).toBe(created.metadata.resourceVersion)
        expect(got?.metadata.uid).toBe(created.metadata.uid)
        expect(got?.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp)
        expect(got?.metadata.labels).toEqual({tier: 'web'})
        expect(got?.metadata.annotations).toEqual({note: 'x'})
        expect(got?.spec).toEqual(object.spec)
      })

      it('create of an existing name fails with already-exists and changes nothing', async () => {
        const [stored] = await seed(hep('dup'))
        const [again] = await store.write([{op: 'create', object: hep('dup', {node: 'other'})}])
        expect(stored.metadata.name).toBe('dup')
        expect(again.ok).toBe(false)
        if (again.ok) return
        expect(again.error.reason).toBe('already-exists')
        expectExists(again.error.message, 'dup')
        expect((await store.get('dup'))?.spec.node).toBe('node1')
      })

      it('revisions strictly increase; a list carries a revision at least that of every item', async () => {
        const [a] = await seed(hep('a'))
        const [b] = await seed(hep('b'))
        expect(rv(b)).toBeGreaterThan(rv(a))
        const [updated] = await store.write([{op: 'update', object: {...a, spec: {...a.spec, node: 'node2'}}}])
        expect(updated.ok).toBe(true)
        const u = (updated as {object: HostEndpoint}).object
        expect(rv(u)).toBeGreaterThan(rv(b))
        const list = await store.list()
        expect(BigInt(list.revision)).toBeGreaterThanOrEqual(rv(u))
        for (const item of list.items) expect(BigInt(list.revision)).toBeGreaterThanOrEqual(rv(item))
        const [c] = await seed(hep('c'))
        expect(rv(c)).toBeGreaterThan(rv(u))
      })

      it('update succeeds only at the stored revision; stale gives update conflict; absent gives not found', async () => {
        const [stored] = await seed(hep('u1'))
        const [ok] = await store.write([{op: 'update', object: {...stored, spec: {...stored.spec, node: 'n2'}}}])
        expect(ok.ok).toBe(true)
        const [stale] = await store.write([{op: 'update', object: {...stored, spec: {...stored.spec, node: 'n3'}}}])
        expect(stale.ok).toBe(false)
        if (!stale.ok) {
          expect(stale.error.reason).toBe('conflict')
          expect(stale.error.message).toBe('update conflict: HostEndpoint(u1)')
        }
        expect((await store.get('u1'))?.spec.node).toBe('n2')
        const [absent] = await store.write([{op: 'update', object: {...stored, metadata: {...stored.metadata, name: 'nope'}}}])
        expect(absent.ok).toBe(false)
        if (!absent.ok) {
          expect(absent.error.reason).toBe('not-found')
          expectNotFound(absent.error.message, 'nope')
        }
      })

      it('delete returns the deleted object; absent gives not found', async () => {
        const [stored] = await seed(hep('d1', {labels: {a: 'b'}}))
        const [deleted] = await store.write([{op: 'delete', name: 'd1'}])
        expect(deleted.ok).toBe(true)
        if (deleted.ok) expect(deleted.object.metadata.labels).toEqual({a: 'b'})
        expect(await store.get('d1')).toBeUndefined()
        const [again] = await store.write([{op: 'delete', name: 'd1'}])
        expect(again.ok).toBe(false)
        if (!again.ok) {
          expect(again.error.reason).toBe('not-found')
          expectNotFound(again.error.message, 'd1')
        }
        expect(stored.metadata.name).toBe('d1')
      })

      it(`delete with a stale revision is ${deleteRevision === 'enforced' ? 'a conflict' : 'ignored'}; with the current one it deletes`, async () => {
        const [v1] = await seed(hep('d2'))
        const [v2w] = await store.write([{op: 'update', object: {...v1, spec: {...v1.spec, node: 'n2'}}}])
        const v2 = (v2w as {object: HostEndpoint}).object
        const [stale] = await store.write([{op: 'delete', name: 'd2', revision: v1.metadata.resourceVersion}])
        if (deleteRevision === 'enforced') {
          expect(stale.ok).toBe(false)
          if (!stale.ok) expect(stale.error.message).toBe('update conflict: HostEndpoint(d2)')
          expect(await store.get('d2')).toBeDefined()
          const [current] = await store.write([{op: 'delete', name: 'd2', revision: v2.metadata.resourceVersion}])
          expect(current.ok).toBe(true)
        } else {
          expect(stale.ok).toBe(true)
        }
        expect(await store.get('d2')).toBeUndefined()
      })

      it('a batch applies each op on its own and reports results in op order', async () => {
        const [b] = await seed(hep('b'))
        const ops: WriteOp[] = [
          {op: 'create', object: hep('a')},
          {op: 'create', object: hep('a')},
          {op: 'update', object: {...b, metadata: {...b.metadata, resourceVersion: String(rv(b) + 1000n)}, spec: {...b.spec, node: 'x'}}},
          {op: 'delete', name: 'c'},
          {op: 'update', object: {...b, spec: {...b.spec, node: 'y'}}},
          {op: 'create', object: hep('d')},
          {op: 'delete', name: 'a'},
        ]
        const results = await store.write(ops)
        expect(results.map(r => (r.ok ? 'ok' : r.error.reason))).toEqual(['ok', 'already-exists', 'conflict', 'not-found', 'ok', 'ok', 'ok'])
        const names = (await store.list()).items.map(i => i.metadata.name)
        expect(names).toEqual(['b', 'd'])
        expect((await store.get('b'))?.spec.node).toBe('y')
      })

      it('list is sorted by name and filters by label selector', async () => {
        await seed(
          hep('zeta', {labels: {tier: 'web', env: 'prod'}}),
          hep('alpha', {labels: {tier: 'db', env: 'prod'}}),
          hep('mid.example', {labels: {env: 'dev'}}),
          hep('beta'),
        )
        const all = await store.list()
        expect(all.items.map(i => i.metadata.name)).toEqual(['alpha', 'beta', 'mid.example', 'zeta'])
        const names = async (selector: string) => (await store.list({selector: parseLabelSelector(selector)})).items.map(i => i.metadata.name)
        expect(await names('tier=web')).toEqual(['zeta'])
        expect(await names('tier!=web')).toEqual(['alpha', 'beta', 'mid.example'])
        expect(await names('env in (prod,dev),tier notin (db)')).toEqual(['mid.example', 'zeta'])
        expect(await names('!tier')).toEqual(['beta', 'mid.example'])
        expect(await names('env')).toEqual(['alpha', 'mid.example', 'zeta'])
        expect(await names('')).toEqual(['alpha', 'beta', 'mid.example', 'zeta'])
      })

      it('get at the current revision returns the object', async () => {
        const [stored] = await seed(hep('g1'))
        const got = await store.get('g1', {revision: stored.metadata.resourceVersion})
        expect(got?.spec).toEqual(stored.spec)
      })

      it('objects returned are copies: changing them does not change the store', async () => {
        await seed(hep('copy', {labels: {a: 'b'}}))
        const got = await store.get('copy')
        got!.metadata.labels!.a = 'changed'
        got!.spec.node = 'changed'
        const list = await store.list()
        list.items[0].spec.expectedIPs!.push('10.9.9.9')
        const again = await store.get('copy')
        expect(again?.metadata.labels).toEqual({a: 'b'})
        expect(again?.spec).toEqual(hep('copy').spec)
      })

      it('names that are not DNS-1123 subdomains are refused and never found', async () => {
        const bad = ['../escape', 'a/b', '-lead', 'UPPER', 'nul\u0000byte', 'dot..dot', '.', '..', 'x'.repeat(254), 'sp ace']
        const results = await store.write(bad.map(n => ({op: 'create' as const, object: hep(n)})))
        for (const [i, r] of results.entries()) {
          expect(r.ok, bad[i]).toBe(false)
          if (!r.ok) expect(r.error.reason, bad[i]).toBe('invalid')
        }
        for (const n of bad) expect(await store.get(n), n).toBeUndefined()
        const deletes = await store.write(bad.map(n => ({op: 'delete' as const, name: n})))
        for (const r of deletes) {
          expect(r.ok).toBe(false)
          if (!r.ok) expect(['invalid', 'not-found']).toContain(r.error.reason)
        }
        expect((await store.list()).items).toEqual([])
      })
    })

    describe('lifecycle', () => {
      it('create assigns uid and creationTimestamp and drops read-only metadata from the input', async () => {
        const input = hep('c1', {labels: {a: 'b'}})
        input.metadata = {...input.metadata, uid: 'not-a-uuid', creationTimestamp: '2001-01-01T00:00:00Z', generation: 7, selfLink: '/x'}
        const [result] = await createResources(store, [input])
        expect(result.action).toBe('created')
        const stored = await store.get('c1')
        expect(stored?.metadata.uid).toMatch(options.serverAssignsUid ? /^[0-9a-f-]{36}$/ : UUID)
        expect(stored?.metadata.creationTimestamp).toMatch(RFC3339_SECONDS_UTC)
        expect(stored?.metadata.creationTimestamp).not.toBe('2001-01-01T00:00:00Z')
        expect(stored?.metadata.generation).toBeUndefined()
        expect(stored?.metadata.selfLink).toBeUndefined()
        expect(stored?.metadata.labels).toEqual({a: 'b'})
        expect(result.object?.metadata.resourceVersion).toBe(stored?.metadata.resourceVersion)
      })

      it('create refuses a resourceVersion, reports existing ones, and keeps input order', async () => {
        await seed(hep('exists'))
        const results = await createResources(store, [hep('new-1'), hep('rv', {resourceVersion: '12345'}), hep('exists'), hep('new-2')])
        expect(results.map(r => [r.name, r.action])).toEqual([
          ['new-1', 'created'],
          ['rv', 'failed'],
          ['exists', 'failed'],
          ['new-2', 'created'],
        ])
        expect(results[1].error?.message).toBe("error with field Metadata.ResourceVersion = '12345' (field must not be set for a Create request)")
        expectExists(results[2].error?.message, 'exists')
        expect(await store.get('rv')).toBeUndefined()
        const skipped = await createResources(store, [hep('exists'), hep('new-3')], {skipExists: true})
        expect(skipped.map(r => r.action)).toEqual(['skipped', 'created'])
      })

      it('apply creates, then updates keeping uid and creationTimestamp and replacing labels', async () => {
        const [first] = await applyResources(store, [hep('ap', {labels: {a: '1', b: '2'}, annotations: {n: 'x'}, resourceVersion: '999999'})])
        expect(first.action).toBe('created')
        const created = await store.get('ap')
        const [second] = await applyResources(store, [hep('ap', {labels: {c: '3'}, node: 'node2'})])
        expect(second.action).toBe('configured')
        const updated = await store.get('ap')
        expect(updated?.metadata.uid).toBe(created?.metadata.uid)
        expect(updated?.metadata.creationTimestamp).toBe(created?.metadata.creationTimestamp)
        expect(updated?.metadata.labels).toEqual({c: '3'})
        expect(updated?.metadata.annotations).toBeUndefined()
        expect(updated?.spec.node).toBe('node2')
        expect(rv(updated)).toBeGreaterThan(rv(created))
        expect(second.object?.metadata.resourceVersion).toBe(updated?.metadata.resourceVersion)
      })

      it('apply of what is stored writes nothing and reports unchanged', async () => {
        await applyResources(store, [hep('same', {labels: {a: 'b'}})])
        const before = await store.get('same')
        const [result] = await applyResources(store, [hep('same', {labels: {a: 'b'}})])
        expect(result.action).toBe('unchanged')
        expect((await store.get('same'))?.metadata.resourceVersion).toBe(before?.metadata.resourceVersion)
      })

      it('apply with a stale resourceVersion is an update conflict; with the current one it updates', async () => {
        const [stored] = await seed(hep('lock'))
        await applyResources(store, [hep('lock', {node: 'n2'})])
        const [stale] = await applyResources(store, [hep('lock', {node: 'n3', resourceVersion: stored.metadata.resourceVersion})])
        expect(stale.action).toBe('failed')
        expect(stale.error?.message).toBe('update conflict: HostEndpoint(lock)')
        expect((await store.get('lock'))?.spec.node).toBe('n2')
        const current = (await store.get('lock'))!.metadata.resourceVersion
        const [ok] = await applyResources(store, [hep('lock', {node: 'n4', resourceVersion: current})])
        expect(ok.action).toBe('configured')
        expect((await store.get('lock'))?.spec.node).toBe('n4')
      })

      it('apply of the same name twice in one input ends with the last one', async () => {
        const results = await applyResources(store, [hep('twice', {node: 'first'}), hep('twice', {node: 'second'})])
        expect(results.map(r => r.action)).toEqual(['created', 'configured'])
        expect((await store.get('twice'))?.spec.node).toBe('second')
      })

      // A server dry run is the client one where the store has no dryRunWrite, and the server's check where it has.
      for (const dryRun of ['client', 'server'] as const) it(`${dryRun} dry runs report the same results and write nothing`, async () => {
        await seed(hep('dry-a'))
        const revision = (await store.list()).revision
        const applied = await applyResources(store, [hep('dry-a', {node: 'n2'}), hep('dry-b')], {dryRun})
        expect(applied.map(r => r.action)).toEqual(['configured', 'created'])
        const created = await createResources(store, [hep('dry-a'), hep('dry-c')], {dryRun})
        expect(created.map(r => r.action)).toEqual(['failed', 'created'])
        const deleted = await deleteResources(store, [{name: 'dry-a'}, {name: 'nope'}], {dryRun})
        expect(deleted.map(r => r.action)).toEqual(['deleted', 'failed'])
        const labeled = await labelResource(store, 'dry-a', {key: 'k', value: 'v'}, {validate: validateStandIn, dryRun})
        expect(labeled.action).toBe('labeled')
        const patched = await patchResource(store, 'dry-a', {spec: {node: 'p'}}, {validate: validateStandIn, dryRun})
        expect(patched.action).toBe('patched')
        const list = await store.list()
        expect(list.items.map(i => [i.metadata.name, i.spec.node, i.metadata.labels])).toEqual([['dry-a', 'node1', undefined]])
        expect(list.revision).toBe(revision)
      })

      it('replace updates what exists and fails for what does not', async () => {
        await seed(hep('r1', {labels: {a: 'b'}}))
        const results = await replaceResources(store, [hep('r1', {node: 'n9'}), hep('r2')])
        expect(results.map(r => r.action)).toEqual(['configured', 'failed'])
        expectNotFound(results[1].error?.message, 'r2')
        const r1 = await store.get('r1')
        expect(r1?.spec.node).toBe('n9')
        expect(r1?.metadata.labels).toBeUndefined()
        expect(await store.get('r2')).toBeUndefined()
      })

      it('delete deletes, reports missing ones, and skips them when asked', async () => {
        await seed(hep('x1'), hep('x2'))
        const results = await deleteResources(store, [{name: 'x1'}, {name: 'missing'}])
        expect(results.map(r => r.action)).toEqual(['deleted', 'failed'])
        expect(results[0].object?.metadata.name).toBe('x1')
        expectNotFound(results[1].error?.message, 'missing')
        const skipped = await deleteResources(store, [{name: 'missing'}, {name: 'x2'}], {skipNotExists: true})
        expect(skipped.map(r => r.action)).toEqual(['skipped', 'deleted'])
        expect((await store.list()).items).toEqual([])
      })

      it('label sets, refuses to overwrite silently, overwrites, and removes', async () => {
        await seed(hep('l1', {labels: {keep: 'yes'}}))
        const set = await labelResource(store, 'l1', {key: 'tier', value: 'web'}, {validate: validateStandIn})
        expect(set.action).toBe('labeled')
        expect(set.label).toEqual({key: 'tier', to: 'web'})
        expect(labelMessage(set, 'hep')).toBe('Successfully set label tier on hep l1')
        const clash = await labelResource(store, 'l1', {key: 'tier', value: 'db'}, {validate: validateStandIn})
        expect(clash.action).toBe('failed')
        expect(labelMessage(clash, 'hep')).toBe("failed to update label of hep l1, key tier is already present. please use '--overwrite' to set a new value")
        const over = await labelResource(store, 'l1', {key: 'tier', value: 'db', overwrite: true}, {validate: validateStandIn})
        expect(over.label).toEqual({key: 'tier', from: 'web', to: 'db'})
        expect(labelMessage(over, 'hep')).toBe('Successfully updated label tier on hep l1')
        expect((await store.get('l1'))?.metadata.labels).toEqual({keep: 'yes', tier: 'db'})
        const removed = await labelResource(store, 'l1', {key: 'tier', remove: true}, {validate: validateStandIn})
        expect(removed.label).toEqual({key: 'tier', from: 'db'})
        expect(labelMessage(removed, 'hep')).toBe('Successfully removed label tier from hep l1')
        expect((await store.get('l1'))?.metadata.labels).toEqual({keep: 'yes'})
        const missingKey = await labelResource(store, 'l1', {key: 'tier', remove: true}, {validate: validateStandIn})
        expect(labelMessage(missingKey, 'hep')).toBe('cannot remove label of hep l1, key tier does not exist')
        const missing = await labelResource(store, 'nope', {key: 'a', value: 'b'}, {validate: validateStandIn})
        expect(labelMessage(missing, 'hep')).toBe('hep nope not found')
      })

      it('label that would make the object invalid writes nothing and says why', async () => {
        const [stored] = await seed(hep('l2'))
        const bad = await labelResource(store, 'l2', {key: 'tier', value: 'not valid!'}, {validate: validateStandIn})
        expect(bad.action).toBe('failed')
        expect(labelMessage(bad, 'hostendpoint')).toMatch(/^failed to update hostendpoint l2, label not changed: .+/)
        expect(bad.problems?.length).toBeGreaterThan(0)
        expect((await store.get('l2'))?.metadata.resourceVersion).toBe(stored.metadata.resourceVersion)
      })

      it('patch merges (lists replaced, null deletes), keeps uid, refuses renames and invalid results', async () => {
        const [stored] = await seed(hep('p1', {labels: {a: '1', b: '2'}}))
        const patched = await patchResource(
          store,
          'p1',
          {metadata: {labels: {b: null, c: '3'}}, spec: {expectedIPs: ['10.1.1.1', '10.1.1.2'], interfaceName: null}},
          {validate: validateStandIn},
        )
        expect(patched.action, patched.error?.message).toBe('patched')
        const after = await store.get('p1')
        expect(after?.metadata.labels).toEqual({a: '1', c: '3'})
        expect(after?.spec).toEqual({node: 'node1', expectedIPs: ['10.1.1.1', '10.1.1.2']})
        expect(after?.metadata.uid).toBe(stored.metadata.uid)
        expect(after?.metadata.creationTimestamp).toBe(stored.metadata.creationTimestamp)
        const renamed = await patchResource(store, 'p1', {metadata: {name: 'p2'}}, {validate: validateStandIn})
        expect(renamed.action).toBe('failed')
        expect(await store.get('p2')).toBeUndefined()
        const invalid = await patchResource(store, 'p1', {spec: {interfaceName: 'way-too-long-interface-name'}}, {validate: validateStandIn})
        expect(invalid.action).toBe('failed')
        expect(patchFailure(invalid)).toMatch(/^updating existing resource: /)
        expect((await store.get('p1'))?.metadata.resourceVersion).toBe(after?.metadata.resourceVersion)
        const missing = await patchResource(store, 'nope', {spec: {node: 'x'}}, {validate: validateStandIn})
        expectNotFound(missing.error?.message, 'nope')
        const same = await patchResource(store, 'p1', {spec: {node: 'node1'}}, {validate: validateStandIn})
        expect(same.action).toBe('unchanged')
      })

      it('diff pairs what is stored with what apply would store', async () => {
        await seed(hep('df1', {labels: {a: 'b'}}))
        const diff = await diffResources(store, [hep('df1', {node: 'n2'}), hep('df2')])
        expect(diff[0].live?.spec.node).toBe('node1')
        expect(diff[0].merged.spec.node).toBe('n2')
        expect(diff[0].merged.metadata.uid).toBe(diff[0].live?.metadata.uid)
        expect(diff[0].merged.metadata.labels).toBeUndefined()
        expect(diff[1].live).toBeUndefined()
        expect(diff[1].merged.metadata.name).toBe('df2')
      })

      it(`bulk apply of ${bulkSize} resources, then a mixed second apply, reports each in order`, async () => {
        const objects = Array.from({length: bulkSize}, (_, i) => hep(`bulk-${String(i).padStart(4, '0')}`, {labels: {n: String(i % 3)}}))
        const progress: number[] = []
        const first = await applyResources(store, objects, {onProgress: done => progress.push(done)})
        expect(first.every(r => r.action === 'created')).toBe(true)
        expect(progress.at(-1)).toBe(bulkSize)
        const second = objects.map((o, i) => (i % 2 === 0 ? hep(o.metadata.name, {labels: {n: 'changed'}}) : o))
        const results = await applyResources(store, second)
        expect(results.map(r => r.name)).toEqual(objects.map(o => o.metadata.name))
        expect(results.map(r => r.action)).toEqual(objects.map((_, i) => (i % 2 === 0 ? 'configured' : 'unchanged')))
        const list = await store.list({selector: parseLabelSelector('n=changed')})
        expect(list.items).toHaveLength(Math.ceil(bulkSize / 2))
      })
    })
  })
}
