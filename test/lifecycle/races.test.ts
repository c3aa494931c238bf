/**
 * The lifecycle when another writer gets in between its read and its write: two real file store
 * instances on one directory, the second writing at the moment the first is about to write.
 */
import {promises as fs} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import type {Datastore} from '../../src/datastore/datastore.js'
import {openFileStore} from '../../src/datastore/file/file-store.js'
import {applyResources, createResources, deleteResources, replaceResources} from '../../src/lifecycle/bulk-commands.js'
import {labelResource, patchResource} from '../../src/lifecycle/single-resource.js'
import {hep, validateStandIn} from '../datastore/contract.js'

let directory: string
let store: Datastore
let rival: Datastore

beforeEach(async () => {
  directory = await fs.mkdtemp(join(tmpdir(), 'hepctl-races-'))
  store = await openFileStore({path: directory})
  rival = await openFileStore({path: directory})
})
afterEach(async () => {
  await fs.rm(directory, {recursive: true, force: true})
})

/** Makes the rival run `interfere` just before `store`'s next `times` write calls. */
function interfereBeforeWrites(times: number, interfere: (n: number) => Promise<void>): {writes: () => number} {
  const write = store.write.bind(store)
  let calls = 0
  store.write = async (ops, options) => {
    calls++
    if (calls <= times) await interfere(calls)
    return write(ops, options)
  }
  return {writes: () => calls}
}

describe('lifecycle under races', () => {
  it('apply without a resourceVersion re-reads and retries when it loses a race', async () => {
    await createResources(store, [hep('a', {labels: {x: '1'}}), hep('b')])
    const counter = interfereBeforeWrites(2, async n => {
      await applyResources(rival, [hep('a', {labels: {x: `rival-${n}`}})])
    })
    const results = await applyResources(store, [hep('a', {labels: {x: 'mine'}}), hep('b', {node: 'n2'})])
    expect(results.map(r => r.action)).toEqual(['configured', 'configured'])
    expect(counter.writes()).toBe(3)
    expect((await rival.get('a'))?.metadata.labels).toEqual({x: 'mine'})
    expect((await rival.get('b'))?.spec.node).toBe('n2')
  })

  it.each([
    ['apply', applyResources],
    ['replace', replaceResources],
  ] as const)('%s with a resourceVersion does not retry: the race is an update conflict', async (_verb, write) => {
    const [a] = await createResources(store, [hep('a')])
    const counter = interfereBeforeWrites(1, async () => {
      await applyResources(rival, [hep('a', {node: 'rival'})])
    })
    const rv = a.object!.metadata.resourceVersion
    const [result] = await write(store, [hep('a', {node: 'mine', resourceVersion: rv})])
    expect(result.action).toBe('failed')
    expect(result.error?.reason).toBe('conflict')
    expect(result.error?.message).toBe('update conflict: HostEndpoint(a)')
    expect(counter.writes()).toBe(1)
    expect((await rival.get('a'))?.spec.node).toBe('rival')
  })

  it('a resource that becomes calico-kube-controllers\' during a lost race fails alone: the rest of the run is written', async () => {
    await createResources(store, [hep('a'), hep('b')])
    interfereBeforeWrites(1, async () => {
      await applyResources(rival, [hep('a', {labels: {'projectcalico.org/created-by': 'calico-kube-controllers'}})])
    })
    const results = await applyResources(store, [hep('a', {node: 'mine'}), hep('b', {node: 'mine'})])
    expect(results.map(r => r.action)).toEqual(['failed', 'configured'])
    expect(results[0].error?.message).toBe('HostEndpoint(a) was labelled projectcalico.org/created-by=calico-kube-controllers while this ran: not written unless forced')
    expect((await rival.get('a'))?.spec.node).not.toBe('mine')
    expect((await rival.get('b'))?.spec.node).toBe('mine')
  })

  it('a delete by name whose object became calico-kube-controllers\' meanwhile is read again and refused, not deleted', async () => {
    await createResources(store, [hep('a'), hep('b')])
    interfereBeforeWrites(1, async () => {
      await applyResources(rival, [hep('a', {labels: {'projectcalico.org/created-by': 'calico-kube-controllers'}})])
    })
    const results = await deleteResources(store, [{name: 'a'}, {name: 'b'}])
    expect(results.map(r => r.action)).toEqual(['failed', 'deleted'])
    expect(results[0].error?.message).toBe('HostEndpoint(a) was labelled projectcalico.org/created-by=calico-kube-controllers while this ran: not written unless forced')
    expect(await rival.get('a')).toBeDefined()
    expect(await rival.get('b')).toBeUndefined()
  })

  it('a delete by name that loses a race to an update deletes the object as it is now', async () => {
    await createResources(store, [hep('a')])
    interfereBeforeWrites(1, async () => {
      await applyResources(rival, [hep('a', {node: 'rival'})])
    })
    const [result] = await deleteResources(store, [{name: 'a'}])
    expect(result.action).toBe('deleted')
    expect(result.object?.spec.node).toBe('rival')
    expect(await rival.get('a')).toBeUndefined()
  })

  it('a forced write to a controller\'s object that loses a race is announced once', async () => {
    await createResources(store, [hep('a', {labels: {'projectcalico.org/created-by': 'calico-kube-controllers'}})])
    interfereBeforeWrites(1, async () => {
      await applyResources(rival, [hep('a', {node: 'rival', labels: {'projectcalico.org/created-by': 'calico-kube-controllers'}})], {force: true})
    })
    const told: string[] = []
    const [result] = await applyResources(store, [hep('a', {node: 'mine', labels: {'projectcalico.org/created-by': 'calico-kube-controllers'}})], {force: true, onCalicoOwned: touches => told.push(...touches.map(t => t.name))})
    expect(result.action).toBe('configured')
    expect(told).toEqual(['a'])
  })

  it('apply gives up after five lost races with the conflict', async () => {
    await createResources(store, [hep('a')])
    const counter = interfereBeforeWrites(10, async n => {
      await applyResources(rival, [hep('a', {node: `rival-${n}`})])
    })
    const [result] = await applyResources(store, [hep('a', {node: 'mine'})])
    expect(result.action).toBe('failed')
    expect(result.error?.reason).toBe('conflict')
    expect(counter.writes()).toBe(5)
  })

  it('a create that races with another create reports already exists', async () => {
    interfereBeforeWrites(1, async () => {
      await createResources(rival, [hep('a', {node: 'rival'})])
    })
    const [result] = await createResources(store, [hep('a')])
    expect(result.error?.message).toBe('resource already exists: HostEndpoint(a) with error: <nil>')
  })

  it('label and patch re-apply their change to the fresh object after a lost race', async () => {
    await createResources(store, [hep('a', {labels: {keep: 'x'}})])
    interfereBeforeWrites(2, async n => {
      await labelResource(rival, 'a', {key: `rival${n}`, value: 'y'}, {validate: validateStandIn})
    })
    const labeled = await labelResource(store, 'a', {key: 'mine', value: 'z'}, {validate: validateStandIn})
    expect(labeled.action).toBe('labeled')
    expect((await rival.get('a'))?.metadata.labels).toEqual({keep: 'x', rival1: 'y', rival2: 'y', mine: 'z'})
    interfereBeforeWrites(1, async () => {
      await patchResource(rival, 'a', {spec: {node: 'rival'}}, {validate: validateStandIn})
    })
    const patched = await patchResource(store, 'a', {spec: {profiles: ['p1']}}, {validate: validateStandIn})
    expect(patched.action).toBe('patched')
    const final = await rival.get('a')
    expect(final?.spec.node).toBe('rival')
    expect(final?.spec.profiles).toEqual(['p1'])
  })

  it('a patch pinned to a resourceVersion fails on a lost race instead of retrying', async () => {
    const [a] = await createResources(store, [hep('a')])
    const rv = a.object!.metadata.resourceVersion
    // The pin matches what the patch reads; the rival then writes before the patch does.
    const counter = interfereBeforeWrites(1, async () => {
      await patchResource(rival, 'a', {spec: {node: 'rival'}}, {validate: validateStandIn})
    })
    const result = await patchResource(store, 'a', {metadata: {resourceVersion: rv}, spec: {node: 'mine'}}, {validate: validateStandIn})
    expect(result.action).toBe('failed')
    expect(result.error?.reason).toBe('conflict')
    expect(result.error?.message).toBe('update conflict: HostEndpoint(a)')
    expect(counter.writes()).toBe(1)
    expect((await rival.get('a'))?.spec.node).toBe('rival')
  })

  it('a patch pinned to a stale resourceVersion fails without writing', async () => {
    const [a] = await createResources(store, [hep('a')])
    const counter = interfereBeforeWrites(0, async () => {})
    const stale = String(Number(a.object!.metadata.resourceVersion) + 5)
    const result = await patchResource(store, 'a', {metadata: {resourceVersion: stale}, spec: {node: 'x'}}, {validate: validateStandIn})
    expect(result.error?.message).toBe('update conflict: HostEndpoint(a)')
    expect(counter.writes()).toBe(0)
    expect((await store.get('a'))?.spec.node).toBe('node1')
  })
})
