/**
 * Writes to a real etcd whose answer is lost after etcd applied them (a relay cuts the connection): the
 * request is sent again, and what the command reports is what it did.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {openEtcdStore} from '../../src/datastore/etcd/etcd-store.js'
import {createResources, deleteResources} from '../../src/lifecycle/bulk-commands.js'
import {etcdAvailable, startEtcd, type EtcdCluster} from '../support/etcd-server.js'
import {startTcpRelay, type TcpRelay} from '../support/tcp-relay.js'
import {hep} from './contract.js'

describe.runIf(etcdAvailable())('etcd writes whose answer is lost', () => {
  let etcd: EtcdCluster
  let relay: TcpRelay
  beforeAll(async () => {
    etcd = await startEtcd()
    relay = await startTcpRelay(new URL(etcd.endpoints[0]))
  })
  afterAll(async () => {
    await relay?.close()
    await etcd?.stop()
  })

  for (const withRevision of [false, true]) {
    it(`a delete${withRevision ? ' with a revision' : ''} sent again after its answer was lost is this command's success`, async () => {
      const name = `lost-delete-${withRevision ? 'rev' : 'plain'}`
      const direct = await openEtcdStore({endpoints: etcd.endpoints, requestTimeoutMs: 10_000})
      const [created] = await createResources(direct, [hep(name)])
      // The relay first, then the member itself: the resend goes straight to etcd, as to another member.
      const store = await openEtcdStore({endpoints: [relay.endpoint, etcd.endpoints[0]], requestTimeoutMs: 10_000})
      try {
        await store.get(name) // the connection is open: the next request is the delete
        relay.loseNextAnswer()
        const before = relay.lost
        const [result] = withRevision
          ? await store.write([{op: 'delete', name, revision: created.object!.metadata.resourceVersion}])
              .then(([r]) => [{action: r.ok ? 'deleted' : 'failed', error: r.ok ? undefined : r.error.message}])
          : await deleteResources(store, [{name}])
        expect(relay.lost).toBe(before + 1)
        expect(result).toMatchObject({action: 'deleted'})
        expect(await direct.get(name)).toBeUndefined()
      } finally {
        await store.close()
        await direct.close()
      }
    })
  }
})
