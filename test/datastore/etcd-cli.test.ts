/**
 * The built hepctl against a real etcd (DATASTORE_TYPE=etcdv3, ETCD_ENDPOINTS): what `apply` writes is
 * Calico's layout as etcdctl reads it; what etcdctl writes, `get` shows with the mod revision; an
 * unreachable etcd or refused credentials end with exit code 3 and never print the password.
 * `npm test` builds first; running vitest alone needs `npm run build`.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {hepctl, hepYaml, tempDir} from '../support/cli.js'
import {etcdAvailable, freePort, startEtcd, type EtcdCluster} from '../support/etcd-server.js'
import {toYaml} from '../../src/output/yaml-text.js'

const PREFIX = '/calico/resources/v3/projectcalico.org/hostendpoints/'

describe.runIf(etcdAvailable(true))('hepctl with DATASTORE_TYPE=etcdv3', () => {
  let etcd: EtcdCluster
  let dir: ReturnType<typeof tempDir>
  const env = () => ({DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: etcd.endpoints.join(',')})

  beforeAll(async () => {
    etcd = await startEtcd()
    dir = tempDir('hepctl-etcd-cli-')
  })
  afterAll(async () => {
    await etcd?.stop()
    dir?.cleanup()
  })

  it('apply writes Calico keys and values that etcdctl reads; get shows the mod revision', async () => {
    const file = join(dir.path, 'heps.yaml')
    writeFileSync(file, [hepYaml('cli-a', {labels: {tier: 'web'}}), hepYaml('cli-b')].join('---\n'))
    const applied = await hepctl(['apply', '-f', file], {env: env()})
    expect(applied.code, applied.stderr).toBe(0)
    const keys = etcd.etcdctl(['get', '--prefix', '--keys-only', PREFIX]).split('\n').filter(Boolean)
    expect(keys).toEqual([`${PREFIX}cli-a`, `${PREFIX}cli-b`])
    const raw = JSON.parse(etcd.etcdctl(['get', `${PREFIX}cli-a`, '-w', 'json'])) as {kvs: {mod_revision: number; value: string}[]}
    const value = Buffer.from(raw.kvs[0].value, 'base64').toString('utf8')
    expect(value).toMatch(/^\{"kind":"HostEndpoint","apiVersion":"projectcalico.org\/v3","metadata":\{"name":"cli-a","uid":"[0-9a-f-]{36}","creationTimestamp":"[0-9T:-]+Z","labels":\{"tier":"web"\}\},"spec":\{"node":"node1","interfaceName":"eth0","expectedIPs":\["10.0.0.1"\],"profiles":\["projectcalico-default-allow"\]\}\}$/)

    const got = await hepctl(['get', 'hostendpoint', 'cli-a', '-o', 'yaml'], {env: env()})
    expect(got.code, got.stderr).toBe(0)
    const object = parse(got.stdout) as {metadata: {resourceVersion: string; uid: string}}
    expect(object.metadata.resourceVersion).toBe(String(raw.kvs[0].mod_revision))
    expect(object.metadata.uid).toBe(JSON.parse(value).metadata.uid)
  })

  it('get lists what etcdctl wrote in Calico layout', async () => {
    etcd.etcdctl(['put', `${PREFIX}from-etcdctl`, '{"kind":"HostEndpoint","apiVersion":"projectcalico.org/v3","metadata":{"name":"from-etcdctl"},"spec":{"node":"n9","interfaceName":"eth1"}}'])
    const got = await hepctl(['get', 'heps', '-o', 'name'], {env: env()})
    expect(got.code, got.stderr).toBe(0)
    expect(got.stdout).toContain('from-etcdctl')
    expect(got.stdout).toContain('cli-a')
  })

  it('a value another program stored that does not decode: get fails for it cleanly, list leaves it out', async () => {
    etcd.etcdctl(['put', `${PREFIX}garbled`, 'not json at all'])
    const got = await hepctl(['get', 'hostendpoint', 'garbled'], {env: env()})
    expect(got.code).toBe(1)
    expect(got.stderr).toContain('cannot decode the stored HostEndpoint(garbled)')
    expect(got.stderr).not.toMatch(/unexpected error|\n\s+at /)
    const listed = await hepctl(['get', 'heps', '-o', 'name'], {env: env()})
    expect(listed.code).toBe(0)
    expect(listed.stdout).not.toContain('garbled')
    etcd.etcdctl(['del', `${PREFIX}garbled`])
  })

  it('an update keeps metadata another writer stored (finalizers, generation), as calicoctl does', async () => {
    etcd.etcdctl(['put', `${PREFIX}kept`, '{"kind":"HostEndpoint","apiVersion":"projectcalico.org/v3","metadata":{"name":"kept","uid":"u-1","generation":3,"creationTimestamp":"2024-01-02T03:04:05Z","finalizers":["example.com/keep"]},"spec":{"node":"n1","interfaceName":"eth0"}}'])
    const labelled = await hepctl(['label', 'hep', 'kept', 'tier=web'], {env: env()})
    expect(labelled.code, labelled.stderr).toBe(0)
    const raw = JSON.parse(etcd.etcdctl(['get', `${PREFIX}kept`, '--print-value-only']))
    expect(raw.metadata).toMatchObject({uid: 'u-1', generation: 3, finalizers: ['example.com/keep'], labels: {tier: 'web'}})
  })

  it('get -o yaml of more than one page of etcd prints the whole List, as toYaml prints it', async () => {
    const many = join(dir.path, 'many.yaml')
    writeFileSync(many, Array.from({length: 2600}, (_, i) => hepYaml(`many-${String(i).padStart(4, '0')}`)).join('---\n'))
    expect((await hepctl(['apply', '-f', many], {env: env()})).code).toBe(0)
    const yaml = await hepctl(['get', 'heps', '-o', 'yaml'], {env: env()})
    const json = await hepctl(['get', 'heps', '-o', 'json'], {env: env()})
    expect(yaml.code, yaml.stderr).toBe(0)
    const list = JSON.parse(json.stdout)
    expect(list.items.length).toBeGreaterThan(2600)
    expect(yaml.stdout).toBe(toYaml(list))
    const filtered = await hepctl(['get', 'heps', '-o', 'yaml', '-l', 'tier=web'], {env: env()})
    expect((parse(filtered.stdout) as {items: {metadata: {name: string}}[]}).items.map(i => i.metadata.name)).toEqual(['cli-a', 'kept'])
    expect((await hepctl(['delete', '-f', many], {env: env()})).code).toBe(0)
  })

  it('--request-timeout 0 means no time limit', async () => {
    const result = await hepctl(['get', 'heps', '-o', 'name', '--request-timeout', '0'], {env: env()})
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('cli-a')
  })

  it('an unreachable etcd is exit code 3 with a clear message', async () => {
    const port = await freePort()
    const result = await hepctl(['get', 'heps'], {env: {DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: `http://127.0.0.1:${port}`}})
    expect(result.code).toBe(3)
    expect(result.stdout + result.stderr).toContain(`cannot reach etcd: http://127.0.0.1:${port}: ECONNREFUSED`)
  })

  it('refused credentials are exit code 3 and the password is never printed', async () => {
    const secured = await startEtcd({extraArgs: ['--bcrypt-cost', '4']})
    try {
      secured.etcdctl(['user', 'add', 'root', '--new-user-password', 'root-pw'])
      secured.etcdctl(['auth', 'enable'])
      const result = await hepctl(['get', 'heps'], {
        env: {DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: secured.endpoints[0], ETCD_USERNAME: 'root', ETCD_PASSWORD: 'Wr0ng-secret-value'},
      })
      expect(result.code).toBe(3)
      expect(result.stdout + result.stderr).toMatch(/etcd refused the credentials of user "root"/)
      expect(result.stdout + result.stderr).not.toContain('Wr0ng-secret-value')
    } finally {
      await secured.stop()
    }
  })
})
