/**
 * `hepctl edit` with a scripted editor (test/support/scripted-editor.ts): the real CLI spawned on a file
 * store. edit-etcd.test.ts and edit-kubernetes.test.ts run it against the real servers.
 */
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {fileStoreEnv, hepctl, hepctlBin, hepYaml, tempDir} from '../support/cli.js'
import {copyPath, scriptedEditor, type ScriptedEditor} from '../support/scripted-editor.js'

let dir: {path: string; cleanup(): void}
let env: NodeJS.ProcessEnv
let editor: ScriptedEditor

beforeEach(async () => {
  dir = tempDir('hepctl-edit-test-')
  editor = scriptedEditor(dir.path)
  writeFileSync(join(dir.path, 'hep.yaml'), hepYaml('web-1') + '---\n' + hepYaml('web-2'))
  env = {...fileStoreEnv(join(dir.path, 'store')), ...editor.env,
    EDIT_MEANWHILE: `${JSON.stringify(process.execPath)} ${JSON.stringify(hepctlBin)} label hep web-1 owner=other`}
  const applied = await hepctl(['apply', '-f', join(dir.path, 'hep.yaml')], {env})
  expect(applied.code).toBe(0)
})
afterEach(() => dir.cleanup())

const edit = (script: string, ...args: string[]) => hepctl(['edit', ...args], {env: {...env, EDIT_SCRIPT: script}})
const stored = async (name: string) => (await hepctl(['get', 'hep', name, '-o', 'json'], {env})).stdout
const seen = () => editor.seen()
const round = (n: number) => editor.round(n)

describe('hepctl edit', () => {
  it('writes the edited object, opened as get -o yaml prints it, and removes its temporary file', async () => {
    const before = (await hepctl(['get', 'hep', 'web-1', '-o', 'yaml'], {env})).stdout
    const result = await edit('iface', 'hep', 'web-1')
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('hostendpoint/web-1 edited\n')
    expect(round(1)).toBe(before)
    expect(JSON.parse(await stored('web-1')).spec.interfaceName).toBe('eth1')
    expect(existsSync(seen()[0])).toBe(false)
  })

  it('opens several objects as one List (KIND/NAME form) and writes each', async () => {
    const result = await edit('iface', 'hep/web-1', 'hep/web-2')
    expect(result.code).toBe(0)
    expect(round(1)).toMatch(/^apiVersion: projectcalico.org\/v3\nitems:/)
    expect(round(1)).toContain('kind: HostEndpointList')
    expect(result.stdout).toBe('hostendpoint/web-1 edited\nhostendpoint/web-2 edited\n')
    expect(JSON.parse(await stored('web-2')).spec.interfaceName).toBe('eth1')
  })

  it.each(['unchanged', 'empty'])('cancels a file saved %s and writes nothing', async script => {
    const before = await stored('web-1')
    const result = await edit(script, 'hep', 'web-1')
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('Edit cancelled, no changes made.\n')
    expect(await stored('web-1')).toBe(before)
  })

  it('reopens an invalid edit with the problems as # lines above the user\'s text, then writes the fixed one', async () => {
    const result = await edit('invalid-then-valid', 'hep', 'web-1')
    expect(result.code).toBe(0)
    const second = round(2)
    expect(second).toMatch(/^# Please edit the object below\. Lines beginning with a '#' will be ignored,\n/)
    expect(second).toContain('# hostendpoints "web-1" was not valid:\n# * ')
    expect(second).toContain('interfaceName: "bad iface!"')
    expect(JSON.parse(await stored('web-1')).spec.interfaceName).toBe('eth2')
  })

  it('stops when the same invalid text is saved again, keeping a copy, and writes nothing', async () => {
    const before = await stored('web-1')
    const result = await edit('invalid-twice', 'hep', 'web-1')
    expect(result.code).toBe(1)
    expect(seen()).toHaveLength(2)
    expect(round(2)).toContain('# * line ')
    const copy = copyPath(result.stderr)
    expect(copy).toBeDefined()
    expect(readFileSync(copy!, 'utf8')).toContain('node: {')
    expect(await stored('web-1')).toBe(before)
  })

  it('refuses a changed name', async () => {
    const result = await edit('rename', 'hep', 'web-1')
    expect(result.code).toBe(1)
    expect(round(2)).toContain('# * the name or kind of an object may not be changed')
    expect((await hepctl(['get', 'hep', 'web-9'], {env})).code).toBe(1)
  })

  it('reports a change made while the editor was open as a conflict and overwrites nothing', async () => {
    const result = await edit('conflict', 'hep', 'web-1')
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('hostendpoint/web-1 failed: update conflict: HostEndpoint(web-1)')
    expect(readFileSync(copyPath(result.stderr)!, 'utf8')).toContain('interfaceName: eth1')
    const now = JSON.parse(await stored('web-1'))
    expect(now.metadata.labels).toEqual({owner: 'other'})
    expect(now.spec.interfaceName).toBe('eth0')
  })

  it('fails when the editor fails, writing nothing', async () => {
    const before = await stored('web-1')
    const result = await edit('fail', 'hep', 'web-1')
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/exited with status 4; nothing was written\n$/)
    expect(await stored('web-1')).toBe(before)
  })

  it('fails for a name that does not exist, without starting the editor', async () => {
    const result = await edit('iface', 'hep', 'nope')
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('nope')
    expect(existsSync(join(dir.path, 'seen'))).toBe(false)
  })
})
