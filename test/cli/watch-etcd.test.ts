// `get -w` against a real etcd: the list, then the changes another hepctl makes, also after etcd compacted
// its history; Ctrl-C exits 0.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {hepctl, hepYaml, tempDir} from '../support/cli.js'
import {etcdAvailable, startEtcd, type EtcdCluster} from '../support/etcd-server.js'
import {startWatch} from '../support/watch-process.js'

describe.runIf(etcdAvailable(true))('get -w with DATASTORE_TYPE=etcdv3', () => {
  let etcd: EtcdCluster
  let dir: ReturnType<typeof tempDir>
  const env = () => ({DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: etcd.endpoints.join(',')})
  const file = (name: string) => {
    const path = join(dir.path, `${name}.yaml`)
    writeFileSync(path, hepYaml(name))
    return path
  }
  beforeAll(async () => {
    etcd = await startEtcd()
    dir = tempDir('hepctl-etcd-watch-')
  })
  afterAll(async () => {
    await etcd?.stop()
    dir?.cleanup()
  })

  it('lists, then prints each change, also after a compaction of etcd\'s history', async () => {
    expect((await hepctl(['apply', '-f', file('ew-a')], {env: env()})).code).toBe(0)
    const w = startWatch(['get', 'hep', '-w', '-o', 'yaml', '--output-watch-events'], env())
    await w.until(out => out.includes('name: ew-a'))
    expect((await hepctl(['apply', '-f', file('ew-b')], {env: env()})).code).toBe(0)
    await w.until(out => out.includes('name: ew-b'))
    const revision = JSON.parse(etcd.etcdctl(['endpoint', 'status', '-w', 'json']))[0].Status.header.revision as number
    etcd.etcdctl(['compact', String(revision)])
    expect((await hepctl(['delete', 'hep', 'ew-a'], {env: env()})).code).toBe(0)
    await w.until(out => out.includes('type: DELETED'))
    expect(await w.stop('SIGINT')).toBe(0)
    expect(w.stderr()).toBe('')
    const docs = w.stdout().split(/^---\n/m).map(d => `${/^type: (\w+)/m.exec(d)?.[1]} ${/^ {4}name: (\S+)/m.exec(d)?.[1]}`)
    expect(docs).toEqual(['ADDED ew-a', 'ADDED ew-b', 'DELETED ew-a'])
  })
})
