// HostEndpoints owned by calico-kube-controllers (label projectcalico.org/created-by=calico-kube-controllers),
// on the file store: every command that changes or deletes one warns first, and without --force writes
// nothing at all for the run (exit 1); create of a manifest carrying the label only warns.
import {existsSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {fileStoreEnv, hepctl, hepYaml, tempDir} from '../support/cli.js'

const OWNED = 'node1-auto-hep'
const OWNER_LABEL = {'projectcalico.org/created-by': 'calico-kube-controllers'}
const IS_OWNED = `hostendpoint/${OWNED} belongs to calico-kube-controllers (label projectcalico.org/created-by)`
const REVERTS = 'the controller will revert the change on its next sync'
const RECREATES = 'the controller will re-create it for node node1 while auto host endpoints are enabled'
const CHANGE_REFUSED = 'nothing was written (use --force to change it anyway)'

let dir: ReturnType<typeof tempDir>
let env: NodeJS.ProcessEnv
const file = (name: string, text: string): string => {
  const path = join(dir.path, name)
  writeFileSync(path, text)
  return path
}
const run = (...args: string[]) => hepctl(args, {env})
/** Every stored object with its resourceVersion: equal before and after means nothing was written. */
const snapshot = async (): Promise<string> => (await run('get', 'hep', '-o', 'json')).stdout
const stored = async (name: string) => JSON.parse((await run('get', 'hep', name, '-o', 'json')).stdout)
/** stderr without the manifests' lint warnings (file:line:col: warning [...]). */
const notes = (stderr: string): string[] => stderr.split('\n').filter(l => l !== '' && !/^\S+:\d+:\d+: warning /.test(l))

beforeEach(async () => {
  dir = tempDir('hepctl-owned-test-')
  env = fileStoreEnv(join(dir.path, 'store'))
  const seeded = await run('create', '-f', file('owned.yaml', hepYaml(OWNED, {labels: OWNER_LABEL})), '-f', file('web.yaml', hepYaml('web-1')))
  expect(seeded.code, seeded.stderr).toBe(0)
})
afterEach(() => dir.cleanup())

describe('apply', () => {
  const changed = () => ['-f', file('owned-eth1.yaml', hepYaml(OWNED, {labels: OWNER_LABEL, iface: 'eth1'})), '-f', file('web-eth2.yaml', hepYaml('web-1', {iface: 'eth2'}))]

  it('refuses the whole run without --force: the other object is not written either', async () => {
    const before = await snapshot()
    const result = await run('apply', ...changed())
    expect(result.code).toBe(1)
    expect(notes(result.stderr)).toEqual([`${IS_OWNED}: ${REVERTS}; ${CHANGE_REFUSED}`])
    expect(result.stdout).toBe('')
    expect(await snapshot()).toBe(before)
  })

  it('reports the same refusal in a dry run, and the warning in a forced dry run, writing nothing', async () => {
    const before = await snapshot()
    const refused = await run('apply', ...changed(), '--dry-run')
    expect(refused.code).toBe(1)
    expect(notes(refused.stderr)).toEqual([`${IS_OWNED}: ${REVERTS}; ${CHANGE_REFUSED}`])
    const forced = await run('apply', ...changed(), '--dry-run=client', '--force')
    expect(forced.code).toBe(0)
    expect(notes(forced.stderr)).toEqual([`Warning: ${IS_OWNED}: ${REVERTS}`])
    expect(forced.stdout).toContain(`hostendpoint/${OWNED} configured (dry run)`)
    expect(await snapshot()).toBe(before)
  })

  it('writes every object with --force, after one warning line naming the owned one', async () => {
    const result = await run('apply', ...changed(), '--force')
    expect(result.code, result.stderr).toBe(0)
    expect(notes(result.stderr)).toEqual([`Warning: ${IS_OWNED}: ${REVERTS}`])
    expect(result.stdout).toContain(`hostendpoint/${OWNED} configured\nhostendpoint/web-1 configured\n`)
    expect((await stored(OWNED)).spec.interfaceName).toBe('eth1')
    expect((await stored('web-1')).spec.interfaceName).toBe('eth2')
  })

  it('needs no --force and says nothing when the owned object is applied unchanged (get -o yaml | apply)', async () => {
    const yaml = (await run('get', 'hep', OWNED, '-o', 'yaml')).stdout
    const result = await run('apply', '-f', file('round-trip.yaml', yaml))
    expect(result.code, result.stderr).toBe(0)
    expect(notes(result.stderr)).toEqual([])
    expect(result.stdout).toContain(`hostendpoint/${OWNED} unchanged`)
  })

  it('warns, without needing --force, when the manifest gives the label to an object that lacked it', async () => {
    const result = await run('apply', '-f', file('claim.yaml', hepYaml('web-1', {labels: OWNER_LABEL})))
    expect(result.code, result.stderr).toBe(0)
    expect(notes(result.stderr)).toEqual([
      'Warning: hostendpoint/web-1 is labelled projectcalico.org/created-by=calico-kube-controllers: calico-kube-controllers will treat it as its own auto host endpoint and may rewrite or delete it',
    ])
    expect((await stored('web-1')).metadata.labels).toEqual(OWNER_LABEL)
  })
})

describe('replace', () => {
  // The manifest drops the controller's label: judged by the STORED object's labels, it is still the controller's.
  const unlabelled = () => file('owned-unlabelled.yaml', hepYaml(OWNED))

  it('refuses without --force and writes nothing', async () => {
    const before = await snapshot()
    const result = await run('replace', '-f', unlabelled())
    expect(result.code).toBe(1)
    expect(notes(result.stderr)).toEqual([`${IS_OWNED}: ${REVERTS}; ${CHANGE_REFUSED}`])
    expect(await snapshot()).toBe(before)
  })

  it('replaces with --force after the warning', async () => {
    const result = await run('replace', '-f', unlabelled(), '--force')
    expect(result.code, result.stderr).toBe(0)
    expect(notes(result.stderr)).toEqual([`Warning: ${IS_OWNED}: ${REVERTS}`])
    expect((await stored(OWNED)).metadata.labels).toBeUndefined()
  })
})

describe('label', () => {
  it('refuses without --force and writes nothing; with --force sets the label after the warning', async () => {
    const before = await snapshot()
    const refused = await run('label', 'hep', OWNED, 'team=net')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toBe(`${IS_OWNED}: ${REVERTS}; ${CHANGE_REFUSED}\n`)
    expect(refused.stdout).toBe('')
    expect(await snapshot()).toBe(before)

    const forced = await run('label', 'hep', OWNED, 'team=net', '--force')
    expect(forced.code, forced.stderr).toBe(0)
    expect(forced.stderr).toBe(`Warning: ${IS_OWNED}: ${REVERTS}\n`)
    expect(forced.stdout).toBe(`Successfully set label team on hep ${OWNED}\n`)
    expect((await stored(OWNED)).metadata.labels).toEqual({...OWNER_LABEL, team: 'net'})
  })

  it('leaves objects that are not the controller\'s alone: no warning, no --force', async () => {
    const result = await run('label', 'hep', 'web-1', 'team=net')
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
  })
})

describe('patch', () => {
  // profiles is not a field the controller compares: the words say how long such a change lasts.
  const KEPT = 'the controller keeps a change to profiles, ports or node only until it next rewrites the object'
  const profiles = '{"spec":{"profiles":["kns.default"]}}'

  it('refuses without --force (also in a dry run) and writes nothing', async () => {
    const before = await snapshot()
    for (const extra of [[], ['--dry-run']]) {
      const result = await run('patch', 'hep', OWNED, '-p', profiles, ...extra)
      expect(result.code).toBe(1)
      expect(result.stderr).toBe(`${IS_OWNED}: ${KEPT}; ${CHANGE_REFUSED}\n`)
    }
    expect(await snapshot()).toBe(before)
  })

  it('warns in a forced dry run without writing, and patches with --force', async () => {
    const before = await snapshot()
    const dry = await run('patch', `hep/${OWNED}`, '-p', profiles, '--force', '--dry-run')
    expect(dry.code).toBe(0)
    expect(dry.stderr).toBe(`Warning: ${IS_OWNED}: ${KEPT}\n`)
    expect(dry.stdout).toBe("Successfully patched 1 'HostEndpoint' resource (dry run)\n")
    expect(await snapshot()).toBe(before)

    const forced = await run('patch', `hep/${OWNED}`, '--type', 'json', '-p', '[{"op":"replace","path":"/spec/interfaceName","value":"eth3"}]', '--force')
    expect(forced.code, forced.stderr).toBe(0)
    expect(forced.stderr).toBe(`Warning: ${IS_OWNED}: ${REVERTS}\n`)
    expect((await stored(OWNED)).spec.interfaceName).toBe('eth3')
  })
})

describe('delete', () => {
  const DELETE_REFUSED = 'nothing was deleted (use --force to delete it anyway)'

  it('refuses by name without --force: neither the owned nor the other named object is deleted', async () => {
    const before = await snapshot()
    const result = await run('delete', 'hep', 'web-1', OWNED)
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(`${IS_OWNED}: ${RECREATES}; ${DELETE_REFUSED}\n`)
    expect(result.stdout).toBe('')
    expect(await snapshot()).toBe(before)
  })

  it('refuses by selector and by manifest, also in a dry run', async () => {
    const before = await snapshot()
    for (const args of [['hep', '-l', 'projectcalico.org/created-by=calico-kube-controllers'], ['-f', join(dir.path, 'owned.yaml')], ['hep', OWNED, '--dry-run']]) {
      const result = await run('delete', ...args)
      expect(result.code, args.join(' ')).toBe(1)
      expect(result.stderr).toBe(`${IS_OWNED}: ${RECREATES}; ${DELETE_REFUSED}\n`)
    }
    expect(await snapshot()).toBe(before)
  })

  it('names each owned object and counts them when there are several', async () => {
    expect((await run('create', '-f', file('owned2.yaml', hepYaml('node2-auto-hep', {node: 'node2', labels: OWNER_LABEL})))).code).toBe(0)
    const result = await run('delete', 'hep', '-l', 'projectcalico.org/created-by=calico-kube-controllers')
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      `${IS_OWNED}: ${RECREATES}\n` +
        'hostendpoint/node2-auto-hep belongs to calico-kube-controllers (label projectcalico.org/created-by): the controller will re-create it for node node2 while auto host endpoints are enabled\n' +
        '2 HostEndpoints owned by calico-kube-controllers; nothing was deleted (use --force to delete them anyway)\n',
    )
  })

  it('deletes with --force after the warning', async () => {
    const result = await run('delete', 'hep', 'web-1', OWNED, '--force')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toBe(`Warning: ${IS_OWNED}: ${RECREATES}\n`)
    expect(result.stdout).toContain(`hostendpoint/web-1 deleted\nhostendpoint/${OWNED} deleted\n`)
    expect(JSON.parse(await snapshot()).items).toEqual([])
  })
})

describe('edit', () => {
  const EDITOR = `
import {appendFileSync, readFileSync, writeFileSync} from 'node:fs'
const file = process.argv[2]
appendFileSync(process.env.EDIT_DIR + '/opened', file + '\\n')
writeFileSync(file, readFileSync(file, 'utf8').replace('interfaceName: eth0', 'interfaceName: eth1'))
`
  const edit = (...args: string[]) => {
    const editor = file('editor.mjs', EDITOR)
    return hepctl(['edit', 'hep', OWNED, ...args], {env: {...env, EDIT_DIR: dir.path, EDITOR: `node ${editor}`}})
  }

  it('refuses without --force before the editor opens, and writes nothing', async () => {
    const before = await snapshot()
    const result = await edit()
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      `${IS_OWNED}: the controller reverts changes to its labels, annotations, expectedIPs and interfaceName on its next sync; ${CHANGE_REFUSED}\n`,
    )
    expect(existsSync(join(dir.path, 'opened'))).toBe(false)
    expect(await snapshot()).toBe(before)
  })

  it('writes the edit with --force, after the warning', async () => {
    const result = await edit('--force')
    expect(result.code, result.stderr).toBe(0)
    expect(result.stderr).toBe(`Warning: ${IS_OWNED}: ${REVERTS}\n`)
    expect(result.stdout).toBe(`hostendpoint/${OWNED} edited\n`)
    expect((await stored(OWNED)).spec.interfaceName).toBe('eth1')
  })
})

describe('create', () => {
  it('creates a manifest that carries the label, after a warning (create never overwrites, so no --force)', async () => {
    const result = await run('create', '-f', file('new.yaml', hepYaml('node3-auto-hep', {node: 'node3', labels: OWNER_LABEL})))
    expect(result.code, result.stderr).toBe(0)
    expect(notes(result.stderr)).toEqual([
      'Warning: hostendpoint/node3-auto-hep is labelled projectcalico.org/created-by=calico-kube-controllers: calico-kube-controllers will treat it as its own auto host endpoint and may rewrite or delete it',
    ])
    expect((await stored('node3-auto-hep')).metadata.labels).toEqual(OWNER_LABEL)
  })

  it('has no --force; the commands that change or delete objects have it in --help', async () => {
    expect((await run('create', '--help')).stdout).not.toContain('--force')
    for (const command of ['apply', 'replace', 'delete', 'label', 'patch', 'edit']) {
      const help = (await run(command, '--help')).stdout
      expect(help, command).toMatch(/^ +--force +change or delete HostEndpoints/m)
    }
  })
})
