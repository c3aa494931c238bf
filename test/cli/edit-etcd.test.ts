// `hepctl edit` against a real etcd, with a scripted editor: what is saved is stored (read back with etcdctl),
// an invalid edit is reopened and writes nothing, and a change made meanwhile with etcdctl is a conflict that
// overwrites nothing.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest'

import {HOSTENDPOINT_PREFIX} from '../../src/datastore/etcd/calico-etcd-layout.js'
import {hepctl, hepYaml, tempDir} from '../support/cli.js'
import {ETCDCTL_BIN, etcdAvailable, startEtcd, type EtcdCluster} from '../support/etcd-server.js'
import {copyPath, scriptedEditor, type ScriptedEditor} from '../support/scripted-editor.js'

/** Someone else's change, straight into etcd: spec.node of the stored value set to node-other. */
const MEANWHILE_SCRIPT = `
import {execFileSync} from 'node:child_process'
const [etcdctl, endpoints, key] = process.argv.slice(2)
const base = ['--endpoints=' + endpoints]
const value = JSON.parse(execFileSync(etcdctl, [...base, 'get', key, '--print-value-only'], {encoding: 'utf8'}))
value.spec.node = 'node-other'
execFileSync(etcdctl, [...base, 'put', key], {input: JSON.stringify(value)})
`

describe.runIf(etcdAvailable(true))('hepctl edit with DATASTORE_TYPE=etcdv3', () => {
  let etcd: EtcdCluster
  let dir: ReturnType<typeof tempDir>
  let editor: ScriptedEditor
  const env = () => ({DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: etcd.endpoints.join(',')})
  const key = (name: string) => `${HOSTENDPOINT_PREFIX}${name}`
  /** The stored value and its mod_revision, as etcdctl reads them. */
  const stored = (name: string) => {
    const kv = (JSON.parse(etcd.etcdctl(['get', key(name), '-w', 'json'])) as {kvs: {mod_revision: number; value: string}[]}).kvs[0]
    return {revision: kv.mod_revision, value: JSON.parse(Buffer.from(kv.value, 'base64').toString('utf8'))}
  }
  const edit = (script: string, ...args: string[]) => hepctl(['edit', ...args], {env: {...env(), ...editor.env, EDIT_SCRIPT: script, EDIT_MEANWHILE: meanwhile()}})
  const meanwhile = () => [process.execPath, join(dir.path, 'meanwhile.mjs'), ETCDCTL_BIN!, etcd.endpoints.join(','), key('web-1')].map(a => JSON.stringify(a)).join(' ')

  beforeAll(async () => {
    etcd = await startEtcd()
  })
  afterAll(async () => {
    await etcd?.stop()
  })
  beforeEach(async () => {
    dir = tempDir('hepctl-edit-etcd-')
    editor = scriptedEditor(dir.path)
    writeFileSync(join(dir.path, 'meanwhile.mjs'), MEANWHILE_SCRIPT)
    etcd.etcdctl(['del', '--prefix', HOSTENDPOINT_PREFIX])
    const applied = await hepctl(['apply', '-f', '-', '-q'], {env: env(), input: hepYaml('web-1') + '---\n' + hepYaml('web-2')})
    expect(applied.code, applied.stderr).toBe(0)
  })
  afterEach(() => dir.cleanup())

  it('stores the edited objects in etcd, opened as get -o yaml prints them', async () => {
    const before = stored('web-1')
    const shown = (await hepctl(['get', 'hep', 'web-1', 'web-2', '-o', 'yaml'], {env: env()})).stdout
    const result = await edit('iface', 'hep/web-1', 'hostendpoint.projectcalico.org/web-2')
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('hostendpoint/web-1 edited\nhostendpoint/web-2 edited\n')
    expect(editor.round(1)).toBe(shown)
    const after = stored('web-1')
    expect(after.value.spec.interfaceName).toBe('eth1')
    expect(after.value.metadata.uid).toBe(before.value.metadata.uid)
    expect(after.revision).toBeGreaterThan(before.revision)
    expect(stored('web-2').value.spec.interfaceName).toBe('eth1')
  })

  it('reopens an invalid edit with the problems as comments, and stores only the fixed text', async () => {
    const result = await edit('invalid-then-valid', 'hep', 'web-1')
    expect(result.code, result.stderr).toBe(0)
    expect(editor.seen()).toHaveLength(2)
    expect(editor.round(2)).toContain('# hostendpoints "web-1" was not valid:\n# * ')
    expect(editor.round(2)).toContain('interfaceName: "bad iface!"')
    expect(stored('web-1').value.spec.interfaceName).toBe('eth2')
  })

  it('writes nothing when the invalid text is saved again', async () => {
    const before = stored('web-1')
    const result = await edit('invalid-twice', 'hep', 'web-1')
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('Edit cancelled, no valid changes were saved.')
    expect(editor.round(2)).toContain('# * line ')
    expect(stored('web-1')).toEqual(before)
  })

  it('reports a change made with etcdctl while the editor was open as a conflict, and overwrites nothing', async () => {
    const result = await edit('conflict', 'hep', 'web-1')
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('hostendpoint/web-1 failed: update conflict: HostEndpoint(web-1)')
    const copy = copyPath(result.stderr)
    expect(copy).toBeDefined()
    const now = stored('web-1').value
    expect(now.spec.node).toBe('node-other')
    expect(now.spec.interfaceName).toBe('eth0')
  })
})
