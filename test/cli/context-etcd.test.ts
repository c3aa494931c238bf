// The policy context read from a real etcd, written there with etcdctl under Calico's keys, against the same
// objects as files: `validate --context-from-datastore`, `trace` and `describe` must say the same.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {hepctl, tempDir} from '../support/cli.js'
import {ALLOW_HTTPS_PLUS_SSH, ALLOW_HTTP_ONLY, CONTEXT, contextYaml, etcdEntry, HOSTS_YAML, lintLines, TRACES, withReplaced} from '../support/context-fixture.js'
import {etcdAvailable, startEtcd, type EtcdCluster} from '../support/etcd-server.js'

const dir = tempDir('hepctl-context-etcd-')
afterAll(() => dir.cleanup())
const file = (name: string, text: string) => {
  const path = join(dir.path, name)
  writeFileSync(path, text)
  return path
}

describe.runIf(etcdAvailable(true))('the policy context read from the etcdv3 datastore', () => {
  let etcd: EtcdCluster
  const env = () => ({DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: etcd.endpoints.join(',')})
  let hosts: string
  let context: string

  beforeAll(async () => {
    etcd = await startEtcd()
    for (const entry of CONTEXT) {
      const {key, value} = etcdEntry(entry)
      etcd.etcdctl(['put', key, value])
    }
    hosts = file('hosts.yaml', HOSTS_YAML)
    context = file('context.yaml', contextYaml())
    const applied = await hepctl(['apply', '-f', hosts], {env: env()})
    expect(applied.code, applied.stderr).toBe(0)
  }, 120_000)
  afterAll(async () => {
    await etcd?.stop()
  })

  it('stores the objects under Calico keys, default-tier policies of v3.30 as default.<name>', () => {
    const keys = etcd.etcdctl(['get', '--prefix', '--keys-only', '/calico/resources/v3/projectcalico.org/']).split('\n').filter(Boolean)
    expect(keys).toContain('/calico/resources/v3/projectcalico.org/globalnetworkpolicies/default.allow-egress')
    expect(keys).toContain('/calico/resources/v3/projectcalico.org/networkpolicies/prod/default.allow-web')
  })

  it('validate --context-from-datastore gives the same lints as the same objects given as files', async () => {
    const fromFiles = await hepctl(['validate', '-f', hosts, '-f', context, '--info-lints', '-o', 'json'], {env: env()})
    const fromStore = await hepctl(['validate', '-f', hosts, '--context-from-datastore', '--info-lints', '-o', 'json'], {env: env()})
    const files = lintLines(fromFiles.stdout, /hosts\.yaml$/)
    expect(files.filter(l => l.includes('[lock-out]'))).toHaveLength(2)
    expect(files.some(l => l.includes('[profile-never-applies]'))).toBe(true)
    expect(lintLines(fromStore.stdout)).toEqual(files)
    expect(fromStore.code).toBe(1)
    const text = await hepctl(['validate', '-f', hosts, '--context-from-datastore'], {env: env()})
    expect(text.stdout).toMatch(/\[lock-out\] ingress TCP 22 .*FelixConfiguration default \(stored in etcdv3 /)
  })

  it('an object in the input replaces the stored one: a fix silences the lock-out, a bad policy causes one', async () => {
    const fix = file('fix.yaml', contextYaml(withReplaced('platform.allow-https', ALLOW_HTTPS_PLUS_SSH).filter(e => e.object.metadata.name === 'platform.allow-https')))
    const fixed = await hepctl(['validate', '-f', hosts, '-f', fix, '--context-from-datastore'], {env: env()})
    expect(fixed.stdout).not.toContain('lock-out')
    expect(fixed.code, fixed.stdout).toBe(0)

    const only443 = ['--must-allow', 'ingress:tcp:443']
    const clean = await hepctl(['validate', '-f', hosts, '--context-from-datastore', ...only443], {env: env()})
    expect(clean.stdout).not.toContain('lock-out')
    const bad = file('bad.yaml', contextYaml(withReplaced('platform.allow-https', ALLOW_HTTP_ONLY).filter(e => e.object.metadata.name === 'platform.allow-https')))
    const broken = await hepctl(['validate', '-f', hosts, '-f', bad, '--context-from-datastore', ...only443], {env: env()})
    expect(broken.stdout).toMatch(/error \[lock-out\] ingress TCP 443 .*GlobalNetworkPolicy platform\.allow-https \(.*bad\.yaml:/)
    expect(broken.code).toBe(1)
  })

  it('trace without -f, and -f with --context-from-datastore, read the stored context and give the verdicts of the files', async () => {
    for (const [args, verdict] of TRACES) {
      const fromFiles = await hepctl(['trace', ...args, '-f', hosts, '-f', context, '-o', 'json'], {env: env()})
      const fromStore = await hepctl(['trace', ...args, '-o', 'json'], {env: env()})
      const under = await hepctl(['trace', ...args, '-f', hosts, '--context-from-datastore', '-o', 'json'], {env: env()})
      expect(fromStore.stderr).not.toContain('note: without -f')
      const a = JSON.parse(fromFiles.stdout)
      expect(`${a.verdict === 'allow' ? 'allowed' : 'denied'} by ${a.decidedBy}`).toBe(verdict)
      for (const r of [fromStore, under]) {
        const b = JSON.parse(r.stdout)
        expect({verdict: b.verdict, decidedBy: b.decidedBy}).toEqual({verdict: a.verdict, decidedBy: a.decidedBy})
        expect(r.code).toBe(fromFiles.code)
      }
    }
  })

  it('describe without -f gives what describe with the files gives', async () => {
    const fromFiles = await hepctl(['describe', 'hep', 'node1-eth0', '-f', hosts, '-f', context, '-o', 'json'], {env: env()})
    const fromStore = await hepctl(['describe', 'hep', 'node1-eth0', '-o', 'json'], {env: env()})
    expect(fromStore.code, fromStore.stderr).toBe(0)
    const strip = (text: string) => JSON.stringify(JSON.parse(text), (key, value) => (['file', 'line', 'column', 'source', 'location'].includes(key) ? undefined : value))
    expect(strip(fromStore.stdout)).toEqual(strip(fromFiles.stdout))
    expect(JSON.parse(fromStore.stdout).failsafe.inbound).toEqual([])
  })
})
