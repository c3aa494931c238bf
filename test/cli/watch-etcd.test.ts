// `get -w` against a real etcd: the list, then etcd's own watch events for the changes another hepctl or
// etcdctl makes (no list again: etcd's own request counters say so), a DELETE printed with the deleted object,
// a compaction while the watch was cut off answered by listing again (nothing lost, nothing repeated), a member
// of a cluster freezing or stopping under the watch (resumed on another member from the last revision);
// Ctrl-C exits 0; an etcd that stays away ends the watch with exit code 3.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {hepctl, hepYaml, tempDir} from '../support/cli.js'
import {etcdAvailable, startedCalls, startEtcd, type EtcdCluster, type EtcdMember} from '../support/etcd-server.js'
import {startTcpRelay} from '../support/tcp-relay.js'
import {startWatch} from '../support/watch-process.js'

const RANGE = 'etcdserverpb.KV/Range'
const WATCH = 'etcdserverpb.Watch/Watch'

/** Calico's key and stored value for a HostEndpoint, as calicoctl or Felix's peers would write it with etcdctl. */
const key = (name: string): string => `/calico/resources/v3/projectcalico.org/hostendpoints/${name}`
const stored = (name: string, labels: Record<string, string>): string =>
  JSON.stringify({kind: 'HostEndpoint', apiVersion: 'projectcalico.org/v3', metadata: {name, labels}, spec: {node: 'n1', interfaceName: 'eth0'}})

/** `-o yaml --output-watch-events` output as `TYPE name` per event. */
const events = (stdout: string): string[] =>
  stdout.split(/^---\n/m).filter(d => d.trim()).map(d => `${/^type: (\w+)/m.exec(d)?.[1]} ${/^ {4}name: (\S+)/m.exec(d)?.[1]}`)

const revisionOf = (etcd: EtcdCluster): number => JSON.parse(etcd.etcdctl(['endpoint', 'status', '-w', 'json']))[0].Status.header.revision as number

const WATCH_ARGS = ['get', 'hep', '-w', '-o', 'yaml', '--output-watch-events']

describe.runIf(etcdAvailable(true))('get -w with DATASTORE_TYPE=etcdv3', () => {
  let etcd: EtcdCluster
  let dir: ReturnType<typeof tempDir>
  const env = (endpoints = etcd.endpoints) => ({DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: endpoints.join(',')})
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
    const w = startWatch([...WATCH_ARGS, 'ew-a', 'ew-b'], env())
    await w.until(out => out.includes('name: ew-a'))
    expect((await hepctl(['apply', '-f', file('ew-b')], {env: env()})).code).toBe(0)
    await w.until(out => out.includes('name: ew-b'))
    etcd.etcdctl(['compact', String(revisionOf(etcd))])
    expect((await hepctl(['delete', 'hep', 'ew-a'], {env: env()})).code).toBe(0)
    await w.until(out => out.includes('type: DELETED'))
    expect(await w.stop('SIGINT')).toBe(0)
    expect(w.stderr()).toBe('')
    expect(events(w.stdout())).toEqual(['ADDED ew-a', 'ADDED ew-b', 'DELETED ew-a'])
  })

  it('follows etcd\'s watch after the one list: etcd serves no further Range, and a DELETE shows the deleted object', async () => {
    const run = {'watch-run': 'native'}
    etcd.etcdctl(['put', key('ew-p'), stored('ew-p', run)])
    const url = etcd.endpoints[0]
    const [ranges0, watches0] = [await startedCalls(url, RANGE), await startedCalls(url, WATCH)]
    const w = startWatch([...WATCH_ARGS, '-l', 'watch-run=native'], env())
    await w.until(out => out.includes('name: ew-p'))
    etcd.etcdctl(['put', key('ew-q'), stored('ew-q', run)])
    await w.until(out => out.includes('name: ew-q'))
    // A change has been shown: had hepctl listed again to find it, etcd would have served a second Range.
    const ranges1 = await startedCalls(url, RANGE)
    expect(ranges1 - ranges0).toBe(1)
    etcd.etcdctl(['put', key('ew-q'), stored('ew-q', {...run, tier: 'web'})])
    etcd.etcdctl(['del', key('ew-p')])
    const deletedAt = revisionOf(etcd)
    await w.until(out => out.includes('type: DELETED'))
    expect(await startedCalls(url, RANGE)).toBe(ranges1)
    expect(await startedCalls(url, WATCH) - watches0).toBe(1)
    expect(await w.stop('SIGINT')).toBe(0)
    expect(w.stderr()).toBe('')
    expect(events(w.stdout())).toEqual(['ADDED ew-p', 'ADDED ew-q', 'MODIFIED ew-q', 'DELETED ew-p'])
    // The deleted object as it was, at the revision of its deletion (as Kubernetes reports a deletion).
    const deleted = w.stdout().split(/^---\n/m).find(d => d.includes('type: DELETED')) ?? ''
    expect(deleted).toContain('    name: ew-p\n')
    expect(deleted).toContain('    node: n1\n')
    expect(deleted).toContain('      watch-run: native\n')
    expect(deleted).toContain(`    resourceVersion: "${deletedAt}"\n`)
  })

  it('cut off while etcd compacts the changes it missed: lists again and prints each change once', async () => {
    const relay = await startTcpRelay(new URL(etcd.endpoints[0]))
    try {
      const run = {'watch-run': 'compacted'}
      etcd.etcdctl(['put', key('ew-c1'), stored('ew-c1', run)])
      const url = etcd.endpoints[0]
      const [ranges0, watches0] = [await startedCalls(url, RANGE), await startedCalls(url, WATCH)]
      const w = startWatch([...WATCH_ARGS, '-l', 'watch-run=compacted'], env([relay.endpoint]))
      await w.until(out => out.includes('name: ew-c1'))
      etcd.etcdctl(['put', key('ew-c2'), stored('ew-c2', run)])
      await w.until(out => out.includes('name: ew-c2'))
      // The member goes away for the watch; meanwhile three changes are made and their history compacted.
      relay.refuse(true)
      relay.cutAll()
      etcd.etcdctl(['put', key('ew-c3'), stored('ew-c3', run)])
      etcd.etcdctl(['put', key('ew-c2'), stored('ew-c2', {...run, tier: 'db'})])
      etcd.etcdctl(['del', key('ew-c1')])
      etcd.etcdctl(['compact', String(revisionOf(etcd))])
      relay.refuse(false)
      await w.until(out => events(out).length === 5)
      expect(await w.stop('SIGINT')).toBe(0)
      expect(w.stderr()).toBe('')
      // The differences between the two lists, in the order a relist reports them (by name, deletions last).
      expect(events(w.stdout())).toEqual(['ADDED ew-c1', 'ADDED ew-c2', 'MODIFIED ew-c2', 'ADDED ew-c3', 'DELETED ew-c1'])
      expect(w.stdout()).toContain('      tier: db\n')
      // One list at the start, one after etcd said the history was compacted; a watch before and after the cut.
      expect(await startedCalls(url, RANGE) - ranges0).toBe(2)
      expect(await startedCalls(url, WATCH) - watches0).toBeGreaterThanOrEqual(2)
    } finally {
      await relay.close()
    }
  })

  it('etcd going away for good: after trying again a while, exit code 3 naming the endpoint', async () => {
    const relay = await startTcpRelay(new URL(etcd.endpoints[0]))
    try {
      etcd.etcdctl(['put', key('ew-g1'), stored('ew-g1', {})])
      const w = startWatch(WATCH_ARGS, {DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: relay.endpoint})
      await w.until(out => out.includes('name: ew-g1'))
      const exited = new Promise<number | null>(resolve => w.child.on('close', code => resolve(code)))
      relay.refuse(true)
      relay.cutAll()
      expect(await exited).toBe(3)
      // As every etcd command reports an unreachable etcd: the reason, then the hint; no stack trace.
      expect(w.stderr()).toMatch(new RegExp(`^cannot reach etcd: ${relay.endpoint}: [^\\n]+\\ncheck etcdEndpoints and that etcd is running\\n$`))
      expect(w.stderr()).not.toMatch(/\n\s+at /)
    } finally {
      await relay.close()
    }
  })
})

describe.runIf(etcdAvailable(true))('get -w with DATASTORE_TYPE=etcdv3 on a three-member cluster', () => {
  let etcd: EtcdCluster
  beforeAll(async () => {
    etcd = await startEtcd({size: 3})
  })
  afterAll(async () => {
    await etcd?.stop()
  })

  const env = () => ({DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: etcd.endpoints.join(',')})
  const watchesBy = (members: EtcdMember[]) => Promise.all(members.map(m => startedCalls(m.clientUrl, WATCH)))
  const rangesBy = (members: EtcdMember[]) => Promise.all(members.map(m => startedCalls(m.clientUrl, RANGE)))
  /** etcdctl against these members only. */
  const etcdctlOn = (members: EtcdMember[], args: string[]) => etcd.etcdctl(args, {endpoints: members.map(m => m.clientUrl)})

  /** Starts a watch of `run`'s objects and returns it once a change made after its list was shown, with the member serving it. */
  async function watchOn(run: string, first: string, second: string, args: string[] = []) {
    const labels = {'watch-run': run}
    etcd.etcdctl(['put', key(first), stored(first, labels)])
    const before = await watchesBy(etcd.members)
    const w = startWatch([...WATCH_ARGS, '-l', `watch-run=${run}`, ...args], env())
    await w.until(out => out.includes(`name: ${first}`))
    etcd.etcdctl(['put', key(second), stored(second, labels)])
    await w.until(out => out.includes(`name: ${second}`))
    const started = (await watchesBy(etcd.members)).map((n, i) => n - before[i])
    expect(started.filter(n => n === 1)).toHaveLength(1)
    expect(started.filter(n => n === 0)).toHaveLength(2)
    const serving = etcd.members[started.indexOf(1)]
    return {w, labels, serving, others: etcd.members.filter(m => m !== serving)}
  }

  it('a member that freezes under the watch (answers nothing): the unanswered ping moves the watch to another member', async () => {
    const {w, labels, serving, others} = await watchOn('frozen', 'ew-f1', 'ew-f2', ['--request-timeout', '2s'])
    const watches = await watchesBy(others)
    serving.process!.kill('SIGSTOP')
    try {
      // If the frozen member led the cluster, the others elect a new leader first: a put made before that
      // may time out without saying whether it was applied, so wait until they serve a read.
      for (let attempt = 1; ; attempt++) {
        try {
          etcdctlOn(others, ['endpoint', 'health'])
          break
        } catch (error) {
          if (attempt === 10) throw error
        }
      }
      etcdctlOn(others, ['put', key('ew-f3'), stored('ew-f3', labels)])
      await w.until(out => out.includes('name: ew-f3'), 50_000)
    } finally {
      serving.process!.kill('SIGCONT')
    }
    expect(await w.stop('SIGINT')).toBe(0)
    expect(w.stderr()).toBe('')
    expect(events(w.stdout())).toEqual(['ADDED ew-f1', 'ADDED ew-f2', 'ADDED ew-f3'])
    const after = await watchesBy(others)
    expect(after.reduce((a, b) => a + b, 0)).toBeGreaterThan(watches.reduce((a, b) => a + b, 0))
  })

  it('a member stopping under the watch: the watch resumes on another member, from the last revision', async () => {
    const {w, labels, serving, others} = await watchOn('failover', 'ew-m1', 'ew-m2')
    const watches = await watchesBy(others)
    const ranges = await rangesBy(others)
    await serving.stop()
    // Made while the watch may not yet have found another member: it must still be shown, once.
    etcd.etcdctl(['put', key('ew-m3'), stored('ew-m3', labels)])
    etcd.etcdctl(['del', key('ew-m1')])
    await w.until(out => out.includes('type: DELETED'))
    expect(await w.stop('SIGINT')).toBe(0)
    expect(w.stderr()).toBe('')
    expect(events(w.stdout())).toEqual(['ADDED ew-m1', 'ADDED ew-m2', 'ADDED ew-m3', 'DELETED ew-m1'])
    // Resumed by a watch on a remaining member, not by listing again.
    const after = await watchesBy(others)
    expect(after.reduce((a, b) => a + b, 0)).toBeGreaterThan(watches.reduce((a, b) => a + b, 0))
    expect(await rangesBy(others)).toEqual(ranges)
  })
})
