import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterEach, beforeEach, describe, expect, it} from 'vitest'

import {type CliOptions, fileStoreEnv, hepYaml, hepctl, tempDir} from '../support/cli.js'

/** calicoctl's messages and patch types (reference §4.3, §4.4), as a user running the CLI sees them. */

const sandbox = {dir: tempDir(), env: {} as NodeJS.ProcessEnv}
function run(args: string[], options: CliOptions = {}) {
  return hepctl(args, {env: sandbox.env, ...options})
}
/** Writes `text` to `name` in the test's directory; returns its path. */
function file(name: string, text: string): string {
  writeFileSync(join(sandbox.dir.path, name), text)
  return join(sandbox.dir.path, name)
}
const invalid = (name: string) => hepYaml(name, {iface: 'wibblywobblyeth0'})
/** A HostEndpoint that draws lint warnings (no profiles, no expectedIPs). */
const linted = (name: string) => `apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: ${name}\nspec:\n  node: n1\n  interfaceName: eth0\n`

beforeEach(() => {
  sandbox.dir = tempDir()
  sandbox.env = fileStoreEnv(join(sandbox.dir.path, 'store'))
})
afterEach(() => sandbox.dir.cleanup())

async function stored(name: string): Promise<Record<string, any>> {
  const r = await run(['get', 'hep', name, '-o', 'json'])
  expect(r.code).toBe(0)
  return JSON.parse(r.stdout)
}

describe('patch --type', () => {
  beforeEach(async () => {
    expect((await run(['create', '-f', file('web.yaml', hepYaml('web-1', {labels: {'example.com/tier': 'db'}}))])).code).toBe(0)
  })

  it('applies an RFC 6902 JSON patch: add with -, replace, remove with ~1, test, copy, move', async () => {
    const ops = [
      {op: 'test', path: '/spec/node', value: 'node1'},
      {op: 'add', path: '/spec/expectedIPs/-', value: '10.0.0.2'},
      {op: 'replace', path: '/spec/interfaceName', value: 'eth1'},
      {op: 'remove', path: '/metadata/labels/example.com~1tier'},
      {op: 'add', path: '/metadata/labels/app', value: 'web'},
      {op: 'copy', from: '/metadata/labels/app', path: '/metadata/labels/role'},
      {op: 'move', from: '/metadata/labels/role', path: '/metadata/labels/team'},
    ]
    const r = await run(['patch', 'hep', 'web-1', '--type', 'json', '-p', JSON.stringify(ops)])
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe("Successfully patched 1 'HostEndpoint' resource\n")
    expect(r.code).toBe(0)
    const object = await stored('web-1')
    expect(object.spec.expectedIPs).toEqual(['10.0.0.1', '10.0.0.2'])
    expect(object.spec.interfaceName).toBe('eth1')
    expect(object.metadata.labels).toEqual({app: 'web', team: 'web'})
  })

  it('names the operation and the path that cannot apply, and writes nothing', async () => {
    const before = await stored('web-1')
    const ops = [{op: 'replace', path: '/spec/node', value: 'n2'}, {op: 'test', path: '/spec/interfaceName', value: 'eth9'}]
    const failed = await run(['patch', 'hep', 'web-1', '-t', 'json', '-p', JSON.stringify(ops)])
    expect(failed.code).toBe(1)
    expect(failed.stderr).toBe('hit error: performing json patch: patch[1] (test /spec/interfaceName): test failed: the value is "eth0", the patch expects "eth9"\n')
    const missing = await run(['patch', 'hep', 'web-1', '-t', 'json', '-p', '[{"op":"remove","path":"/spec/ports"}]'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('patch[0] (remove /spec/ports): /spec/ports does not exist')
    expect(await stored('web-1')).toEqual(before)
  })

  it('validates the patched object before it is written', async () => {
    const r = await run(['patch', 'hep', 'web-1', '-t', 'json', '-p', '[{"op":"replace","path":"/spec/interfaceName","value":"wibblywobblyeth0"}]'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^hit error: updating existing resource: .*interfaceName/)
    expect((await stored('web-1')).spec.interfaceName).toBe('eth0')
  })

  it('refuses a malformed JSON patch as a usage error, before the datastore is read', async () => {
    const notList = await run(['patch', 'hep', 'web-1', '-t', 'json', '-p', '{"spec":{"node":"x"}}'])
    expect(notList.code).toBe(2)
    expect(notList.stderr).toContain('invalid patch: a JSON patch is an array of operations')
    const badOp = await run(['patch', 'hep', 'web-1', '-t', 'json', '-p', '[{"op":"replace","path":"/spec/node","value":"x"},{"op":"merge","path":"/a"}]'])
    expect(badOp.code).toBe(2)
    expect(badOp.stderr).toContain('invalid patch: patch[1]: "op" must be one of add, remove, replace, move, copy, test; found "merge"')
    const badPointer = await run(['patch', 'hep', 'web-1', '-t', 'json', '-p', '[{"op":"remove","path":"spec/node"}]'])
    expect(badPointer.code).toBe(2)
    expect(badPointer.stderr).toContain('is not a JSON Pointer')
  })

  it('a JSON patch that sets metadata.resourceVersion writes only at that revision', async () => {
    const stale = await run(['patch', 'hep', 'web-1', '-t', 'json', '-p', '[{"op":"replace","path":"/metadata/resourceVersion","value":"999"},{"op":"replace","path":"/spec/node","value":"n2"}]'])
    expect(stale.code).toBe(1)
    expect(stale.stderr).toContain('update conflict: HostEndpoint(web-1)')
    expect((await stored('web-1')).spec.node).toBe('node1')
  })

  it('keeps merge as the default and takes strategic as calicoctl does (a merge for HostEndpoint); refuses $patch directives', async () => {
    expect((await run(['patch', 'hep', 'web-1', '-p', '{"spec":{"node":"n2"}}'])).code).toBe(0)
    expect((await run(['patch', 'hep', 'web-1', '--type', 'merge', '-p', '{"spec":{"profiles":null}}'])).code).toBe(0)
    const strategic = await run(['patch', 'hep', 'web-1', '--type', 'strategic', '-p', '{"spec":{"expectedIPs":["10.0.0.9"]}}'])
    expect(strategic.code).toBe(0)
    const object = await stored('web-1')
    expect(object.spec).toMatchObject({node: 'n2', expectedIPs: ['10.0.0.9']})
    expect(object.spec.profiles).toBeUndefined()
    const directive = await run(['patch', 'hep', 'web-1', '-t', 'strategic', '-p', '{"spec":{"$patch":"replace","node":"n3"}}'])
    expect(directive.code).toBe(2)
    expect(directive.stderr).toContain('spec.$patch: strategic merge directives')
    const array = await run(['patch', 'hep', 'web-1', '-p', '[]'])
    expect(array.code).toBe(2)
    expect(array.stderr).toContain('a list of operations needs --type json')
  })
})

describe("calicoctl's summary line after hepctl's problem lines", () => {
  it('create, apply and replace: one resource, several resources', async () => {
    for (const verb of ['create', 'apply', 'replace']) {
      const one = await run([verb, '-f', file('one.yaml', invalid('bad-1'))])
      expect(one.code).toBe(1)
      const lines = one.stderr.trimEnd().split('\n')
      expect(lines[0]).toMatch(/^.*one\.yaml:\d+:\d+: error \[invalid-interface-name\]/)
      expect(lines).toContain(`failed to ${verb} 'HostEndpoint' resource: [spec.interfaceName "wibblywobblyeth0" is not valid: a name has at most 15 characters (it has 16)]`)
      expect(lines.at(-1)).toBe('nothing was written: 1 of 1 resource(s) invalid')

      const two = await run([verb, '-f', file('two.yaml', invalid('bad-1') + '---\n' + hepYaml('good-1') + '---\n' + hepYaml('bad-2', {node: 'node 2'}))])
      expect(two.code).toBe(1)
      expect(two.stderr).toMatch(new RegExp(`^failed to ${verb} any 'HostEndpoint' resources: \\[spec\\.interfaceName .*\\(it has 16\\) spec\\.node .*\\]$`, 'm'))
      expect(two.stdout).toBe('')
    }
    expect((await run(['get', 'hep'])).stdout).not.toContain('good-1')
  })

  it("delete -f: calicoctl's Failed to delete line per invalid resource", async () => {
    const r = await run(['delete', '-f', file('bad.yaml', invalid('bad-1'))])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain("\nFailed to delete 'HostEndpoint' resource: spec.interfaceName \"wibblywobblyeth0\" is not valid")
  })

  it('input that does not decode: failed to execute command, with calicoctl\'s sentence for an unknown field', async () => {
    const unknown = await run(['create', '-f', file('unknown.yaml', hepYaml('x').replace('spec:\n', 'spec:\n  nope: 1\n'))])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('\nfailed to execute command: field in document is not recognized or is in the wrong location: nope\n')
    const missing = await run(['apply', '-f', join(sandbox.dir.path, 'missing.yaml')])
    expect(missing.code).toBe(3)
    expect(missing.stderr).toContain(`\nfailed to execute command: open ${join(sandbox.dir.path, 'missing.yaml')}: no such file or directory\n`)
    const getSyntax = await run(['get', '-f', file('syntax.yaml', 'apiVersion: [\n')])
    expect(getSyntax.stderr).toMatch(/^failed to execute command: /m)
  })
})

describe('no resources, and get\'s prefix', () => {
  it('an empty file says "in file", an empty directory "in directory"; --skip-empty allows both', async () => {
    const empty = file('empty.yaml', '')
    const r = await run(['create', '-f', empty])
    expect(r.code).toBe(3)
    expect(r.stderr).toContain(`no resources specified in file ${empty} (use --skip-empty to allow this)`)
    const v = await run(['validate', '-f', empty])
    expect(v.stdout).toContain(`no resources specified in file ${empty}`)

    const directory = join(sandbox.dir.path, 'nothing')
    mkdirSync(directory)
    writeFileSync(join(directory, 'README.txt'), 'not a manifest')
    const d = await run(['apply', '-f', directory])
    expect(d.code).toBe(3)
    expect(d.stderr).toContain(`no resources specified in directory ${directory} (-R reads its subdirectories; use --skip-empty to allow this)`)
    const skipped = await run(['apply', '-f', directory, '--skip-empty'])
    expect(skipped.code).toBe(0)
    expect(skipped.stderr).toBe('No resources specified\n')
  })

  it('get of an unsupported type or an empty name: failed to get resources', async () => {
    const kind = await run(['get', 'somekind'])
    expect(kind.code).toBe(2)
    expect(kind.stderr).toMatch(/^failed to get resources: resource type 'somekind' is not supported/)
    const empty = await run(['get', 'hep', ''])
    expect(empty.stderr).toMatch(/^failed to get resources: resource name may not be empty/)
  })
})

describe('replace of an unchanged object (a documented difference)', () => {
  it('writes nothing and keeps the resourceVersion, where calicoctl would write again', async () => {
    const path = file('web.yaml', hepYaml('web-1'))
    expect((await run(['create', '-f', path])).code).toBe(0)
    const before = (await stored('web-1')).metadata.resourceVersion
    const r = await run(['replace', '-f', path])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^hostendpoint\/web-1 unchanged\nSuccessfully replaced 1 'HostEndpoint' resource\(s\)\nDatastore: the file store at .*\n$/)
    expect((await stored('web-1')).metadata.resourceVersion).toBe(before)
  })
})

describe('validate and read-only commands', () => {
  it("validate prints calicoctl's Successfully validated line when every resource is valid", async () => {
    const ok = await run(['validate', '-f', file('two.yaml', hepYaml('a') + '---\n' + hepYaml('b'))])
    expect(ok.code).toBe(0)
    expect(ok.stdout.trimEnd().split('\n').at(-1)).toBe("Successfully validated 2 'HostEndpoint' resource(s)")
    const mixed = await run(['validate', '-f', file('mixed.yaml', hepYaml('a') + '---\napiVersion: projectcalico.org/v3\nkind: Tier\nmetadata:\n  name: t1\nspec:\n  order: 10\n')])
    expect(mixed.stdout).toContain('\nSuccessfully validated 2 resource(s)\n')
    const bad = await run(['validate', '-f', file('bad.yaml', invalid('x') + '---\n' + hepYaml('b'))])
    expect(bad.code).toBe(1)
    expect(bad.stdout).not.toContain('Successfully validated')
  })

  it('get -f, diff -f and delete -f print no lint warnings; create still does', async () => {
    const path = file('linted.yaml', linted('plain'))
    const created = await run(['create', '-f', path])
    expect(created.code).toBe(0)
    expect(created.stderr).toContain('warning [no-expected-ips]')
    for (const args of [['get', '-f', path, '-o', 'yaml'], ['diff', '-f', path], ['delete', '-f', path]]) {
      const r = await run(args)
      expect(r.code).toBe(0)
      expect(r.stderr).toBe('')
    }
  })
})
