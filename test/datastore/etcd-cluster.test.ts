/**
 * The etcdv3 datastore against a real three-member etcd cluster: the contract with all members up, a
 * member (the raft leader) stopped while writes and reads go on (each op lands exactly once), and the
 * contract again with that member listed first and down, so every request must fail over to the others.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import type {EtcdConfig} from '../../src/config/datastore-config.js'
import type {WriteOp} from '../../src/datastore/datastore.js'
import {openEtcdStore} from '../../src/datastore/etcd/etcd-store.js'
import {etcdAvailable, openEmptyEtcdStore, startEtcd, type EtcdCluster, type EtcdMember} from '../support/etcd-server.js'
import {defineDatastoreContract, hep} from './contract.js'

const available = etcdAvailable()

describe.runIf(available)('etcdv3 datastore, three-member cluster', () => {
  let etcd: EtcdCluster
  /** The members, the raft leader first: the one the stores talk to, and the one the test stops. */
  let ordered: EtcdMember[]
  const config = (): EtcdConfig => ({endpoints: ordered.map(m => m.clientUrl), requestTimeoutMs: 10_000})

  beforeAll(async () => {
    etcd = await startEtcd({size: 3})
    const status = async (m: EtcdMember) =>
      (await (await fetch(`${m.clientUrl}/v3/maintenance/status`, {method: 'POST', body: '{}'})).json()) as {header: {member_id: string}; leader: string}
    const statuses = await Promise.all(etcd.members.map(status))
    const leader = etcd.members[statuses.findIndex(st => st.header.member_id === statuses[0].leader)]
    expect(leader).toBeDefined()
    ordered = [leader, ...etcd.members.filter(m => m !== leader)]
  })
  afterAll(async () => {
    await etcd?.stop()
  })

  defineDatastoreContract('etcdv3 (three members)', () => openEmptyEtcdStore(config()), {bulkSize: 30})

  describe('a member stops midway', () => {
    it('writes and reads go on, each applied once, while the member the store talks to (the leader) stops', async () => {
      const {store, cleanup} = await openEmptyEtcdStore(config())
      try {
        const bulk: WriteOp[] = Array.from({length: 200}, (_, i) => ({op: 'create', object: hep(`mid-a-${i}`)}))
        expect((await store.write(bulk)).every(r => r.ok)).toBe(true)
        // One write and one read at a time, so that many requests meet the member as it goes away.
        let stopping: Promise<void> | undefined
        const failures: string[] = []
        for (let i = 0; i < 150; i++) {
          if (i === 20) stopping = ordered[0].stop()
          const [result] = await store.write([{op: 'create', object: hep(`mid-b-${i}`)}])
          if (!result.ok) failures.push(result.error.message)
          if ((await store.get(`mid-b-${i}`))?.metadata.name !== `mid-b-${i}`) failures.push(`mid-b-${i} not readable`)
        }
        await stopping
        expect(ordered[0].process?.exitCode !== null || ordered[0].process?.signalCode !== null).toBe(true)
        expect(failures).toEqual([])
        const list = await store.list()
        expect(list.items).toHaveLength(350)
        const [update] = await store.write([{op: 'update', object: {...list.items[0], spec: {...list.items[0].spec, node: 'moved'}}}])
        expect(update.ok).toBe(true)
        expect((await store.get(list.items[0].metadata.name))?.spec.node).toBe('moved')
      } finally {
        await cleanup()
      }
    })

    it('a new client whose first endpoint is down fails over at once', async () => {
      expect(ordered[0].process?.exitCode !== null || ordered[0].process?.signalCode !== null).toBe(true)
      const store = await openEtcdStore(config())
      try {
        const [created] = await store.write([{op: 'create', object: hep('after-stop')}])
        expect(created.ok).toBe(true)
        expect((await store.get('after-stop'))?.metadata.name).toBe('after-stop')
      } finally {
        await store.close()
      }
    })
  })

  defineDatastoreContract('etcdv3 (three members, first one stopped)', () => openEmptyEtcdStore(config()), {bulkSize: 30})
})
