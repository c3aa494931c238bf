import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {type CliOptions, fileStoreEnv, hepYaml, hepctl, tempDir} from '../support/cli.js'

let dir: ReturnType<typeof tempDir>
let env: NodeJS.ProcessEnv
const run = (args: string[], options: CliOptions = {}) => hepctl(args, {env, ...options})
const file = (name: string, text: string) => {
  const path = join(dir.path, name)
  writeFileSync(path, text)
  return path
}

beforeEach(() => {
  dir = tempDir()
  env = fileStoreEnv(join(dir.path, 'store'))
})
afterEach(() => dir.cleanup())

describe('create, get, delete on the file store', () => {
  it('creates each resource with its own line and calicoctl\'s summary', async () => {
    const r = await run(['create', '-f', file('two.yaml', hepYaml('web-1') + '---\n' + hepYaml('web-2', {node: 'node2'}))])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('hostendpoint/web-1 created')
    expect(r.stdout).toContain('hostendpoint/web-2 created')
    expect(r.stdout).toContain("Successfully created 2 'HostEndpoint' resource(s)")

    const table = await run(['get', 'hostendpoints'])
    expect(table.code).toBe(0)
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+NODE\s*$/)
    expect(table.stdout).toMatch(/^web-1\s+node1\s*$/m)
    expect(table.stdout).toMatch(/^web-2\s+node2\s*$/m)

    const wide = await run(['get', 'HEP', '-o', 'wide'])
    expect(wide.stdout.split('\n')[0]).toMatch(/^NAME\s+NODE\s+INTERFACE\s+IPS\s+PROFILES\s*$/)
    expect(wide.stdout).toMatch(/^web-1\s+node1\s+eth0\s+10\.0\.0\.1\s+projectcalico-default-allow\s*$/m)
  })

  it('refuses to create what exists, unless --skip-exists', async () => {
    const f = file('one.yaml', hepYaml('web-1'))
    expect((await run(['create', '-f', f])).code).toBe(0)
    const again = await run(['create', '-f', f])
    expect(again.code).toBe(1)
    expect(again.stdout + again.stderr).toContain('resource already exists: HostEndpoint(web-1)')
    const skip = await run(['create', '-f', f, '--skip-exists'])
    expect(skip.code).toBe(0)
  })

  it('writes nothing when any resource is invalid', async () => {
    const f = file('mixed.yaml', hepYaml('good-1') + '---\n' + hepYaml('bad-1', {iface: 'way-too-long-interface'}))
    const r = await run(['apply', '-f', f])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/mixed\.yaml:\d+:\d+: error/)
    expect(r.stderr).toContain('nothing was written')
    const list = await run(['get', 'hep', '-o', 'json'])
    expect(JSON.parse(list.stdout).items).toEqual([])
  })

  it('assigns uid and creationTimestamp, and get -o yaml round-trips through apply', async () => {
    await run(['create', '-f', file('one.yaml', hepYaml('web-1', {labels: {tier: 'web'}}))])
    const got = await run(['get', 'hep', 'web-1', '-o', 'yaml'])
    expect(got.stdout).toMatch(/uid: [0-9a-f-]{36}/)
    expect(got.stdout).toMatch(/creationTimestamp: "?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"?/)
    const rv = /resourceVersion: "(\d+)"/.exec(got.stdout)![1]

    const same = await run(['apply', '-f', '-'], {input: got.stdout})
    expect(same.code).toBe(0)
    expect(same.stdout).toContain('hostendpoint/web-1 unchanged')

    const changed = await run(['apply', '-f', '-'], {input: got.stdout.replace('interfaceName: eth0', 'interfaceName: eth1')})
    expect(changed.code).toBe(0)
    expect(changed.stdout).toContain('hostendpoint/web-1 configured')
    const after = await run(['get', 'hep', 'web-1', '-o', 'json'])
    const obj = JSON.parse(after.stdout)
    expect(obj.spec.interfaceName).toBe('eth1')
    expect(Number(obj.metadata.resourceVersion)).toBeGreaterThan(Number(rv))
    expect(obj.metadata.labels).toEqual({tier: 'web'})

    // The first copy is now stale: an optimistic-lock conflict, and nothing changes.
    const stale = await run(['apply', '-f', '-'], {input: got.stdout.replace('interfaceName: eth0', 'interfaceName: eth9')})
    expect(stale.code).toBe(1)
    expect(stale.stdout + stale.stderr).toContain('update conflict: HostEndpoint(web-1)')
    expect(JSON.parse((await run(['get', 'hep', 'web-1', '-o', 'json'])).stdout).spec.interfaceName).toBe('eth1')
  })

  it('replaces only what exists', async () => {
    const f = file('one.yaml', hepYaml('web-1'))
    const missing = await run(['replace', '-f', f])
    expect(missing.code).toBe(1)
    expect(missing.stdout + missing.stderr).toContain('resource does not exist: HostEndpoint(web-1)')
    await run(['create', '-f', f])
    const r = await run(['replace', '-f', file('two.yaml', hepYaml('web-1', {node: 'node7'}))])
    expect(r.code).toBe(0)
    expect(JSON.parse((await run(['get', 'hep', 'web-1', '-o', 'json'])).stdout).spec.node).toBe('node7')
  })

  it('reports names that do not exist after printing the ones that do', async () => {
    await run(['create', '-f', file('one.yaml', hepYaml('web-1'))])
    const r = await run(['get', 'hep', 'web-1', 'nope', '-o', 'name'])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('web-1')
    expect(r.stderr).toContain('resource does not exist: HostEndpoint(nope) with error: <nil>')
  })

  it('filters with label selectors, equality and set-based', async () => {
    const docs = [
      hepYaml('a', {labels: {env: 'prod', tier: 'web'}}),
      hepYaml('b', {labels: {env: 'prod', tier: 'db'}}),
      hepYaml('c', {labels: {env: 'dev'}}),
    ]
    await run(['apply', '-f', file('abc.yaml', docs.join('---\n'))])
    const names = async (selector: string) => (await run(['get', 'hep', '-l', selector, '-o', 'name'])).stdout.trim().split('\n').filter(Boolean).map(n => n.split('/').pop())
    expect(await names('env=prod')).toEqual(['a', 'b'])
    expect(await names('env=prod,tier!=db')).toEqual(['a'])
    expect(await names('tier in (db,cache)')).toEqual(['b'])
    expect(await names('!tier')).toEqual(['c'])
    const bad = await run(['get', 'hep', '-l', 'env in prod'])
    expect(bad.code).toBe(2)
    expect(bad.stderr.match(/invalid label selector/g)).toHaveLength(1)
  })

  it('deletes by name, by file and by selector; missing names fail unless --skip-not-exists', async () => {
    await run(['apply', '-f', file('abc.yaml', [hepYaml('a', {labels: {env: 'x'}}), hepYaml('b'), hepYaml('c', {labels: {env: 'x'}})].join('---\n'))])
    const byName = await run(['delete', 'hep', 'b'])
    expect(byName.code).toBe(0)
    expect(byName.stdout).toContain("Successfully deleted 1 'HostEndpoint' resource(s)")
    const missing = await run(['delete', 'hep', 'b'])
    expect(missing.code).toBe(1)
    expect(missing.stdout + missing.stderr).toContain('resource does not exist: HostEndpoint(b)')
    expect((await run(['delete', 'hep', 'b', '--skip-not-exists'])).code).toBe(0)
    const dry = await run(['delete', 'heps', '-l', 'env=x', '--dry-run'])
    expect(dry.code).toBe(0)
    expect((await run(['get', 'hep', '-o', 'name'])).stdout.trim().split('\n')).toHaveLength(2)
    expect((await run(['delete', 'heps', '-l', 'env=x'])).code).toBe(0)
    expect((await run(['get', 'hep', '-o', 'name'])).stdout.trim()).toBe('')
  })

  it('refuses -n and -A: HostEndpoint is not namespaced', async () => {
    for (const flag of [['-n', 'default'], ['-A']]) {
      const r = await run(['get', 'hep', ...flag])
      expect(r.code).toBe(2)
      expect(r.stderr).toContain('HostEndpoint is not namespaced')
    }
  })

  it('labels: set, refuse to overwrite silently, overwrite, remove, and refuse an invalid value', async () => {
    await run(['create', '-f', file('one.yaml', hepYaml('web-1'))])
    const set = await run(['label', 'hostendpoint', 'web-1', 'env=prod'])
    expect(set.code).toBe(0)
    expect(set.stdout).toContain('Successfully set label env on hostendpoint web-1')
    const clash = await run(['label', 'hostendpoint', 'web-1', 'env=dev'])
    expect(clash.code).toBe(1)
    expect(clash.stderr).toContain("key env is already present. please use '--overwrite' to set a new value")
    expect((await run(['label', 'hep', 'web-1', 'env=dev', '--overwrite'])).code).toBe(0)
    const bad = await run(['label', 'hep', 'web-1', 'owner=not valid!'])
    expect(bad.code).toBe(1)
    // The reason is said once, not twice.
    expect(bad.stderr.split('is not valid').length - 1, bad.stderr).toBe(1)
    expect(JSON.parse((await run(['get', 'hep', 'web-1', '-o', 'json'])).stdout).metadata.labels).toEqual({env: 'dev'})
    const removed = await run(['label', 'hep', 'web-1', 'env', '--remove'])
    expect(removed.stdout).toContain('Successfully removed label env from hep web-1')
    expect(JSON.parse((await run(['get', 'hep', 'web-1', '-o', 'json'])).stdout).metadata.labels).toBeUndefined()
  })

  it('patches with a merge patch, validating the result first', async () => {
    await run(['create', '-f', file('one.yaml', hepYaml('web-1'))])
    const ok = await run(['patch', 'hep', 'web-1', '-p', '{"spec":{"interfaceName":"eth2","profiles":null}}'])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toBe("Successfully patched 1 'HostEndpoint' resource\n")
    const obj = JSON.parse((await run(['get', 'hep', 'web-1', '-o', 'json'])).stdout)
    expect(obj.spec.interfaceName).toBe('eth2')
    expect(obj.spec.profiles).toBeUndefined()
    const invalid = await run(['patch', 'hep', 'web-1', '-p', '{"spec":{"node":""}}'])
    expect(invalid.code).toBe(1)
    expect(invalid.stderr).toMatch(/^hit error: updating existing resource: .*node/)
    expect(JSON.parse((await run(['get', 'hep', 'web-1', '-o', 'json'])).stdout).spec.node).toBe('node1')
    const notJson = await run(['patch', 'hep', 'web-1', '-p', '{spec'])
    expect(notJson.code).toBe(2)
  })

  it('diff: exit 0 without differences, 1 with, and a unified diff', async () => {
    const f = file('one.yaml', hepYaml('web-1'))
    await run(['create', '-f', f])
    const none = await run(['diff', '-f', f])
    expect(none.code).toBe(0)
    expect(none.stdout).toBe('')
    const changed = await run(['diff', '-f', file('two.yaml', hepYaml('web-1', {node: 'node9'}))])
    expect(changed.code).toBe(1)
    expect(changed.stdout).toContain('--- live/hostendpoint/web-1')
    expect(changed.stdout).toMatch(/^-\s+node: node1$/m)
    expect(changed.stdout).toMatch(/^\+\s+node: node9$/m)
  })

  it('--dry-run writes nothing, and reading creates no store', async () => {
    expect((await run(['get', 'hep'])).code).toBe(0)
    const r = await run(['apply', '-f', file('one.yaml', hepYaml('web-1')), '--dry-run'])
    expect(r.code).toBe(0)
    expect(readdirSync(dir.path)).toEqual(['one.yaml'])
    expect(r.stdout).toMatch(/hostendpoint\/web-1 created \(dry run\)/)
    expect(JSON.parse((await run(['get', 'hep', '-o', 'json'])).stdout).items).toEqual([])
  })

  it('-o json gives the results as data', async () => {
    const r = await run(['apply', '-f', file('one.yaml', hepYaml('web-1')), '-o', 'json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({
      apiVersion: 'hepctl/v1', kind: 'ResultList', verb: 'apply', dryRun: false,
      results: [{name: 'web-1', action: 'created', object: {kind: 'HostEndpoint', metadata: {name: 'web-1'}}}],
      summary: {total: 1, succeeded: 1, failed: 0},
    })
  })

  it('never lets a name touch the filesystem unchecked', async () => {
    await run(['create', '-f', file('one.yaml', hepYaml('web-1'))])
    for (const name of ['../escape', 'a/b', '-rf', '..']) {
      const r = await run(['get', 'hep', '--', name])
      // A name with a '/' after a KIND is kubectl's TYPE/NAME form mixed with KIND: refused before any read.
      expect(r.code).toBe(name.includes('/') ? 2 : 1)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    }
    expect(readdirSync(dir.path).sort()).toEqual(['one.yaml', 'store'])
  })

  it('bad etcd settings are exit code 3 with calicoctl\'s messages', async () => {
    const none = await hepctl(['get', 'heps'], {env: {DATASTORE_TYPE: 'etcdv3'}})
    expect(none.code).toBe(3)
    expect(none.stderr.trim()).toBe('no etcd endpoints specified')
    const both = await hepctl(['get', 'heps'], {env: {ETCD_ENDPOINTS: 'http://127.0.0.1:2379', ETCD_DISCOVERY_SRV: 'example.com'}})
    expect(both.code).toBe(3)
    expect(both.stderr).toContain('use either "etcdEndpoints" or "etcdDiscoverySrv"')
  })

  it('version never shows credentials written into an endpoint URL', async () => {
    const etcd = await hepctl(['version'], {env: {ETCD_ENDPOINTS: 'http://admin:s3cret@10.0.0.1:2379'}})
    expect(etcd.stdout).toContain('http://10.0.0.1:2379')
    const kube = await hepctl(['version'], {env: {DATASTORE_TYPE: 'kubernetes', K8S_API_ENDPOINT: 'https://admin:s3cret@10.0.0.2:6443'}})
    expect(kube.stdout).toContain('https://10.0.0.2:6443')
    expect(etcd.stdout + etcd.stderr + kube.stdout + kube.stderr).not.toContain('s3cret')
  })

  it('crd prints the CustomResourceDefinition for either API group', async () => {
    const {parse} = await import('yaml')
    const v1 = await hepctl(['crd'])
    expect(v1.code).toBe(0)
    expect(parse(v1.stdout)).toMatchObject({kind: 'CustomResourceDefinition', metadata: {name: 'hostendpoints.crd.projectcalico.org'}, spec: {scope: 'Cluster'}})
    const v3 = await hepctl(['crd', '--group', 'projectcalico.org'])
    expect(parse(v3.stdout)).toMatchObject({metadata: {name: 'hostendpoints.projectcalico.org'}, spec: {names: {shortNames: ['hep', 'heps']}}})
    expect((await hepctl(['crd', '--group', 'example.com'])).code).toBe(2)
  })

  it('version says which datastore and where', async () => {
    const r = await run(['version'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Datastore type:\s+file$/m)
    expect(r.stdout).toContain(join(dir.path, 'store'))
  })

  it('get -f reads the names from manifests; --export strips cluster metadata', async () => {
    const f = file('one.yaml', hepYaml('web-1'))
    await run(['create', '-f', f])
    const byFile = await run(['get', '-f', f, '-o', 'yaml', '--export'])
    expect(byFile.code, byFile.stderr).toBe(0)
    expect(byFile.stdout).toContain('name: web-1')
    expect(byFile.stdout).not.toMatch(/uid:|resourceVersion:|creationTimestamp:/)
  })

  it('--show-labels, custom-columns and jsonpath', async () => {
    await run(['create', '-f', file('one.yaml', hepYaml('web-1', {labels: {tier: 'web', env: 'prod'}}))])
    const labels = await run(['get', 'hep', '--show-labels'])
    expect(labels.stdout.split('\n')[0]).toMatch(/^NAME\s+NODE\s+LABELS\s*$/)
    expect(labels.stdout).toMatch(/^web-1\s+node1\s+env=prod,tier=web\s*$/m)
    const columns = await run(['get', 'hep', '-o', 'custom-columns=N:.metadata.name,IF:.spec.interfaceName'])
    expect(columns.stdout).toMatch(/^N\s+IF\s*\nweb-1\s+eth0\s*$/m)
    const path = await run(['get', 'hep', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.spec.node}{"\\n"}{end}'])
    expect(path.stdout).toBe('web-1=node1\n')
    const bad = await run(['get', 'hep', '-o', 'xml'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain("unrecognized output format 'xml'")
  })

  it('reads a calicoctl config file that selects the file store (-c)', async () => {
    const store = join(dir.path, 'configured-store')
    const cfg = file('calicoctl.cfg', `apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata: {}\nspec:\n  datastoreType: file\n  fileStorePath: ${store}\n`)
    const created = await hepctl(['create', '-f', file('one.yaml', hepYaml('web-1')), '-c', cfg])
    expect(created.code, created.stderr).toBe(0)
    expect((await hepctl(['version', '-c', cfg])).stdout).toContain(store)
    const missing = await hepctl(['get', 'hep', '-c', join(dir.path, 'nope.cfg')])
    expect(missing.code).toBe(3)
    expect(missing.stderr).toContain('Error reading config file')
  })

  it('a damaged store is exit code 3, named, and left as it is', async () => {
    await run(['create', '-f', file('one.yaml', hepYaml('web-1'))])
    // One small write goes to the journal; break its first line (a whole line, not a torn tail).
    const journal = join(dir.path, 'store', 'hostendpoints.journal')
    const damaged = readFileSync(journal, 'utf8').replace('"web-1"', '"web-1')
    writeFileSync(journal, damaged)
    const r = await run(['get', 'hep'])
    expect(r.code).toBe(3)
    expect(r.stderr).toContain(journal)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    const write = await run(['apply', '-f', file('two.yaml', hepYaml('web-2'))])
    expect(write.code).toBe(3)
    expect(readFileSync(journal, 'utf8')).toBe(damaged)
  })
})
