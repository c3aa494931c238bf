// `hepctl edit` against a real kube-apiserver, with a scripted editor: what is saved is stored (read back with
// kubectl, in Calico's layout), an invalid edit is reopened and writes nothing, and a change made meanwhile
// with kubectl is a conflict that overwrites nothing.
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {hepctl, hepYaml, tempDir} from '../support/cli.js'
import {kubectl, useKubeApiserver, wipeHostEndpoints} from '../support/kube-apiserver.js'
import {copyPath, scriptedEditor, type ScriptedEditor} from '../support/scripted-editor.js'

const CRD = 'hostendpoints.crd.projectcalico.org'

const server = useKubeApiserver()
describe.runIf(server)('hepctl edit with DATASTORE_TYPE=kubernetes', () => {
  const info = server!
  let dir: ReturnType<typeof tempDir>
  let editor: ScriptedEditor
  const env = () => ({DATASTORE_TYPE: 'kubernetes', KUBECONFIG: info.kubeconfig})
  /** Someone else's change (the editor inherits hepctl's KUBECONFIG): spec.node set to node-other. */
  const MEANWHILE = `kubectl patch ${CRD} web-1 --type=merge -p '{"spec":{"node":"node-other"}}'`
  const edit = (script: string, ...args: string[]) => hepctl(['edit', ...args], {env: {...env(), ...editor.env, EDIT_SCRIPT: script, EDIT_MEANWHILE: MEANWHILE}})
  /** The custom resource as kubectl reads it from the server. */
  const stored = async (name: string) => JSON.parse(await kubectl(info, ['get', CRD, name, '-o', 'json']))

  beforeEach(async () => {
    dir = tempDir('hepctl-edit-kube-')
    editor = scriptedEditor(dir.path)
    await wipeHostEndpoints(info)
    const applied = await hepctl(['apply', '-f', '-', '-q'], {env: env(), input: hepYaml('web-1', {labels: {tier: 'web'}}) + '---\n' + hepYaml('web-2')})
    expect(applied.code, applied.stderr).toBe(0)
  })
  afterEach(() => dir.cleanup())

  it('stores the edited objects on the server, opened as get -o yaml prints them', async () => {
    const before = await stored('web-1')
    const shown = (await hepctl(['get', 'hep', 'web-1', 'web-2', '-o', 'yaml'], {env: env()})).stdout
    const result = await edit('iface', 'hep/web-1', 'hostendpoint.projectcalico.org/web-2')
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('hostendpoint/web-1 edited\nhostendpoint/web-2 edited\n')
    expect(editor.round(1)).toBe(shown)
    const after = await stored('web-1')
    expect(after.spec.interfaceName).toBe('eth1')
    expect(after.metadata.uid).toBe(before.metadata.uid)
    expect(after.metadata.resourceVersion).not.toBe(before.metadata.resourceVersion)
    // The user's labels stay where Calico keeps them.
    expect(JSON.parse(after.metadata.annotations['projectcalico.org/metadata']).labels).toEqual({tier: 'web'})
    expect((await stored('web-2')).spec.interfaceName).toBe('eth1')
  })

  it('replaces the labels, which Calico keeps in its metadata annotation, with the edited ones', async () => {
    const result = await edit('relabel', 'hep', 'web-1')
    expect(result.code, result.stderr).toBe(0)
    expect(editor.round(1)).toContain('  labels:\n    tier: web\n')
    const after = await stored('web-1')
    expect(JSON.parse(after.metadata.annotations['projectcalico.org/metadata']).labels).toEqual({role: 'db'})
    const selected = await hepctl(['get', 'hep', '-l', 'tier', '-o', 'name'], {env: env()})
    expect(selected.stdout).toBe('')
  })

  it('reopens an invalid edit with the problems as comments, and stores only the fixed text', async () => {
    const result = await edit('invalid-then-valid', 'hep', 'web-1')
    expect(result.code, result.stderr).toBe(0)
    expect(editor.seen()).toHaveLength(2)
    expect(editor.round(2)).toContain('# hostendpoints "web-1" was not valid:\n# * ')
    expect(editor.round(2)).toContain('interfaceName: "bad iface!"')
    expect((await stored('web-1')).spec.interfaceName).toBe('eth2')
  })

  it('writes nothing when the invalid text is saved again', async () => {
    const before = await stored('web-1')
    const result = await edit('invalid-twice', 'hep', 'web-1')
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('Edit cancelled, no valid changes were saved.')
    expect(editor.round(2)).toContain('# * line ')
    expect(await stored('web-1')).toEqual(before)
  })

  it('reports a change made with kubectl while the editor was open as a conflict, and overwrites nothing', async () => {
    const result = await edit('conflict', 'hep', 'web-1')
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('hostendpoint/web-1 failed: update conflict: HostEndpoint(web-1)')
    expect(copyPath(result.stderr)).toBeDefined()
    const now = await stored('web-1')
    expect(now.spec.node).toBe('node-other')
    expect(now.spec.interfaceName).toBe('eth0')
  })
})
