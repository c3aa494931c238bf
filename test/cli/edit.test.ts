/**
 * `hepctl edit` with a scripted editor: the real CLI spawned on a file store, EDITOR set to a small node
 * script that changes the file the way a user would (one per scenario, chosen by EDIT_SCRIPT).
 */
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {fileStoreEnv, hepctl, hepctlBin, hepYaml, tempDir} from '../support/cli.js'

const EDITOR_SCRIPT = `
import {appendFileSync, existsSync, readFileSync, writeFileSync} from 'node:fs'
import {execFileSync} from 'node:child_process'
const file = process.argv[2]
const dir = process.env.EDIT_DIR
appendFileSync(dir + '/seen', file + '\\n')
const round = readFileSync(dir + '/seen', 'utf8').trim().split('\\n').length
writeFileSync(dir + '/round-' + round + '.yaml', readFileSync(file))
const text = readFileSync(file, 'utf8')
switch (process.env.EDIT_SCRIPT) {
  case 'iface': writeFileSync(file, text.replaceAll('interfaceName: eth0', 'interfaceName: eth1')); break
  case 'unchanged': break
  case 'empty': writeFileSync(file, ''); break
  case 'invalid-then-valid':
    writeFileSync(file, round === 1 ? text.replace('interfaceName: eth0', 'interfaceName: "bad iface!"') : text.replace('interfaceName: "bad iface!"', 'interfaceName: eth2'))
    break
  case 'invalid-twice': if (round === 1) writeFileSync(file, text.replace('node: node1', 'node: {')); break
  case 'rename': if (round === 1) writeFileSync(file, text.replace('name: web-1', 'name: web-9')); break
  case 'fail': process.exit(4)
  case 'conflict':
    execFileSync(process.execPath, [process.env.HEPCTL_BIN, 'label', 'hep', 'web-1', 'owner=other'], {stdio: 'ignore'})
    writeFileSync(file, text.replace('interfaceName: eth0', 'interfaceName: eth1'))
    break
}
`

let dir: {path: string; cleanup(): void}
let env: NodeJS.ProcessEnv

beforeEach(async () => {
  dir = tempDir('hepctl-edit-test-')
  writeFileSync(join(dir.path, 'editor.mjs'), EDITOR_SCRIPT)
  writeFileSync(join(dir.path, 'hep.yaml'), hepYaml('web-1') + '---\n' + hepYaml('web-2'))
  env = {...fileStoreEnv(join(dir.path, 'store')), EDIT_DIR: dir.path, HEPCTL_BIN: hepctlBin, EDITOR: `node ${join(dir.path, 'editor.mjs')}`}
  const applied = await hepctl(['apply', '-f', join(dir.path, 'hep.yaml')], {env})
  expect(applied.code).toBe(0)
})
afterEach(() => dir.cleanup())

const edit = (script: string, ...args: string[]) => hepctl(['edit', ...args], {env: {...env, EDIT_SCRIPT: script}})
const stored = async (name: string) => (await hepctl(['get', 'hep', name, '-o', 'json'], {env})).stdout
const seen = () => readFileSync(join(dir.path, 'seen'), 'utf8').trim().split('\n')
const round = (n: number) => readFileSync(join(dir.path, `round-${n}.yaml`), 'utf8')
const copyPath = (stderr: string) => /A copy of your changes has been stored to "([^"]+)"/.exec(stderr)?.[1]

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
