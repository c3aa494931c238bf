// `datastore migrate export` and `import` as a user runs them, moving HostEndpoints through every datastore:
// a file store, a real etcd, the real kube-apiserver, and back to a file store.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {fileStoreEnv, hepctl, hepYaml, tempDir} from '../support/cli.js'
import {etcdAvailable, startEtcd, type EtcdCluster} from '../support/etcd-server.js'
import {useKubeApiserver} from '../support/kube-apiserver.js'
import {toolAvailable} from '../support/required-tool.js'

interface Exported {
  kind: string
  items: Array<{metadata: {name: string; uid?: string; creationTimestamp?: string; resourceVersion?: string; labels?: Record<string, string>}; spec: unknown}>
}

const MANIFESTS = [
  hepYaml('mig-a', {labels: {tier: 'web', 'example.com/zone': 'a'}}),
  hepYaml('mig-b', {node: 'node2', iface: 'bond0'}),
  hepYaml('mig-c', {profiles: ['edge', 'projectcalico-default-allow']}),
].join('---\n')

/** What must survive every move: name, labels and spec. */
function content(list: Exported): unknown[] {
  return list.items.map(({metadata: {name, labels}, spec}) => ({name, labels: labels ?? {}, spec})).sort((a, b) => a.name.localeCompare(b.name))
}

function identity(list: Exported, field: 'uid' | 'creationTimestamp'): Record<string, string | undefined> {
  return Object.fromEntries(list.items.map(item => [item.metadata.name, item.metadata[field]]))
}

const server = useKubeApiserver()
const withEtcd = toolAvailable('etcd', etcdAvailable(), 'Debian: apt-get install etcd-server')
const dir = tempDir('hepctl-migrate-')
afterAll(() => dir.cleanup())

function file(name: string, text: string): string {
  const path = join(dir.path, name)
  writeFileSync(path, text)
  return path
}

async function exportFrom(env: NodeJS.ProcessEnv, format: 'yaml' | 'json' = 'yaml'): Promise<{text: string; list: Exported}> {
  const result = await hepctl(['datastore', 'migrate', 'export', '-o', format], {env})
  expect(result.code, result.stderr).toBe(0)
  return {text: result.stdout, list: format === 'json' ? JSON.parse(result.stdout) : parse(result.stdout)}
}

describe('datastore migrate on the file store', () => {
  const source = fileStoreEnv(join(dir.path, 'source'))
  const target = fileStoreEnv(join(dir.path, 'target'))

  beforeAll(async () => {
    const applied = await hepctl(['apply', '-f', file('three.yaml', MANIFESTS)], {env: source})
    expect(applied.code, applied.stderr).toBe(0)
  })

  it('exports a List with uid and creationTimestamp and without resourceVersion', async () => {
    const {list} = await exportFrom(source)
    expect(list.kind).toBe('HostEndpointList')
    expect(list.items.map(i => i.metadata.name)).toEqual(['mig-a', 'mig-b', 'mig-c'])
    for (const {metadata} of list.items) {
      expect(metadata.uid).toMatch(/^[0-9a-f-]{36}$/)
      expect(metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
      expect(metadata).not.toHaveProperty('resourceVersion')
    }
  })

  it('imports keeping uid and creationTimestamp; a dry run writes nothing', async () => {
    const {text, list} = await exportFrom(source)
    const exported = file('export.yaml', text)
    const dry = await hepctl(['datastore', 'migrate', 'import', '-f', exported, '--dry-run'], {env: target})
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toBe("Imported 3 of 3 'HostEndpoint' resource(s): 3 created, 0 overwritten, 0 failed (dry run)\n")
    expect((await exportFrom(target)).list.items).toEqual([])

    const imported = await hepctl(['datastore', 'migrate', 'import', '-f', exported], {env: target})
    expect(imported.code, imported.stderr).toBe(0)
    expect(imported.stdout).toBe("Imported 3 of 3 'HostEndpoint' resource(s): 3 created, 0 overwritten, 0 failed\n")
    const copy = (await exportFrom(target)).list
    expect(content(copy)).toEqual(content(list))
    expect(identity(copy, 'uid')).toEqual(identity(list, 'uid'))
    expect(identity(copy, 'creationTimestamp')).toEqual(identity(list, 'creationTimestamp'))
  })

  it('refuses objects that exist, writing nothing, unless --overwrite', async () => {
    const {list} = await exportFrom(source)
    // mig-a changed in the export, mig-d new: without --overwrite neither is written.
    list.items[0].metadata.labels = {tier: 'db'}
    list.items.push({...list.items[1], metadata: {...list.items[1].metadata, name: 'mig-d', uid: '11111111-2222-4333-8444-555555555555'}})
    const changed = file('changed.json', JSON.stringify(list))
    const refused = await hepctl(['datastore', 'migrate', 'import', '-f', changed], {env: target})
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('3 HostEndpoints already exist in the datastore (mig-a, mig-b, mig-c); nothing was imported (use --overwrite to replace them)')
    const unchanged = (await exportFrom(target)).list
    expect(unchanged.items.map(i => i.metadata.name)).toEqual(['mig-a', 'mig-b', 'mig-c'])
    expect(unchanged.items[0].metadata.labels).toEqual({tier: 'web', 'example.com/zone': 'a'})

    const overwritten = await hepctl(['datastore', 'migrate', 'import', '-f', changed, '--overwrite'], {env: target})
    expect(overwritten.code, overwritten.stderr).toBe(0)
    expect(overwritten.stdout).toBe("Imported 4 of 4 'HostEndpoint' resource(s): 1 created, 3 overwritten, 0 failed\n")
    const after = (await exportFrom(target)).list
    expect(after.items[0].metadata.labels).toEqual({tier: 'db'})
    expect(identity(after, 'uid')['mig-d']).toBe('11111111-2222-4333-8444-555555555555')
  })

  it('writes nothing when one object of the input is invalid, and names it', async () => {
    const empty = fileStoreEnv(join(dir.path, 'invalid-target'))
    const {list} = await exportFrom(source)
    const bad = list.items.map(item => ({apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', ...item}))
    ;(bad[2].spec as {expectedIPs: string[]}).expectedIPs = ['10.0.0.300']
    const input = file('bad.yaml', bad.map(item => JSON.stringify(item)).join('\n---\n') + '\n')
    const result = await hepctl(['datastore', 'migrate', 'import', '-f', input], {env: empty})
    expect(result.code).toBe(1)
    expect(result.stdout + result.stderr).toMatch(/bad\.yaml:5:\d+: error \[invalid-ip\]/)
    expect(result.stdout + result.stderr).toContain('nothing was imported')
    expect((await exportFrom(empty)).list.items).toEqual([])
  })

  it('refuses a name given twice, and kinds it does not migrate', async () => {
    const twice = file('twice.yaml', [hepYaml('mig-x'), hepYaml('mig-x', {node: 'node9'})].join('---\n'))
    const dup = await hepctl(['datastore', 'migrate', 'import', '-f', twice], {env: fileStoreEnv(join(dir.path, 'dup'))})
    expect(dup.code).toBe(1)
    expect(dup.stderr).toContain('the input holds more than one HostEndpoint named mig-x; nothing was imported')

    const policy = file('policy.yaml', 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: p\nspec:\n  selector: all()\n')
    const other = await hepctl(['datastore', 'migrate', 'import', '-f', policy], {env: fileStoreEnv(join(dir.path, 'other'))})
    expect(other.code).toBe(1)
    expect(other.stderr).toMatch(/policy\.yaml:1:1: GlobalNetworkPolicy "p" is read by hepctl validate, .*; this command manages HostEndpoints only/)
    expect(other.stderr).toContain('nothing was imported')
    expect((await exportFrom(fileStoreEnv(join(dir.path, 'other')))).list.items).toEqual([])
  })
})

describe.runIf(withEtcd && server)('datastore migrate from a file store to etcd to Kubernetes and back', () => {
  let etcd: EtcdCluster
  const origin = fileStoreEnv(join(dir.path, 'origin'))
  const back = fileStoreEnv(join(dir.path, 'back'))
  const etcdEnv = () => ({DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: etcd.endpoints.join(',')})
  const kubeEnv = () => ({DATASTORE_TYPE: 'kubernetes', KUBECONFIG: server!.kubeconfig})

  beforeAll(async () => {
    etcd = await startEtcd()
  })
  afterAll(async () => {
    await etcd?.stop()
  })

  it('keeps names, labels, specs and creation times everywhere, and uids where the datastore lets it', async () => {
    expect((await hepctl(['apply', '-f', file('origin.yaml', MANIFESTS)], {env: origin})).code).toBe(0)
    const first = await exportFrom(origin)

    const intoEtcd = await hepctl(['datastore', 'migrate', 'import', '-f', file('to-etcd.yaml', first.text)], {env: etcdEnv()})
    expect(intoEtcd.code, intoEtcd.stderr).toBe(0)
    expect(intoEtcd.stderr).toBe('')
    const inEtcd = await exportFrom(etcdEnv(), 'json')
    expect(content(inEtcd.list)).toEqual(content(first.list))
    expect(identity(inEtcd.list, 'uid')).toEqual(identity(first.list, 'uid'))
    expect(identity(inEtcd.list, 'creationTimestamp')).toEqual(identity(first.list, 'creationTimestamp'))

    const intoKube = await hepctl(['datastore', 'migrate', 'import', '-f', file('to-kube.json', inEtcd.text)], {env: kubeEnv()})
    expect(intoKube.code, intoKube.stderr).toBe(0)
    expect(intoKube.stdout).toBe("Imported 3 of 3 'HostEndpoint' resource(s): 3 created, 0 overwritten, 0 failed\n")
    expect(intoKube.stderr).toContain('note: the datastore assigned its own uid to 3 resource(s)')
    const inKube = await exportFrom(kubeEnv())
    expect(content(inKube.list)).toEqual(content(first.list))
    expect(identity(inKube.list, 'creationTimestamp')).toEqual(identity(first.list, 'creationTimestamp'))
    const kubeUids = identity(inKube.list, 'uid')
    for (const [name, uid] of Object.entries(kubeUids)) {
      expect(uid).toMatch(/^[0-9a-f-]{36}$/)
      expect(uid).not.toBe(identity(first.list, 'uid')[name])
    }

    const intoFile = await hepctl(['datastore', 'migrate', 'import', '-f', file('back.yaml', inKube.text)], {env: back})
    expect(intoFile.code, intoFile.stderr).toBe(0)
    const last = (await exportFrom(back)).list
    expect(content(last)).toEqual(content(first.list))
    expect(identity(last, 'uid')).toEqual(kubeUids)
    expect(identity(last, 'creationTimestamp')).toEqual(identity(first.list, 'creationTimestamp'))
  })
})
