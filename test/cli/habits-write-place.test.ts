import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterEach, beforeEach, describe, expect, it} from 'vitest'
import {hepctl, hepYaml, tempDir} from '../support/cli.js'

describe('writing commands name the datastore they wrote to', () => {
  let home: ReturnType<typeof tempDir>
  beforeEach(() => (home = tempDir()))
  afterEach(() => home.cleanup())

  it('says the file store and where on a line after calicoctl\'s, with ~ for the home directory, and no note without a kubeconfig', async () => {
    const r = await hepctl(['create', '-f', '-'], {input: hepYaml('web-1'), env: {HOME: home.path}})
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("Successfully created 1 'HostEndpoint' resource(s)\nDatastore: the file store at ~/.local/share/hepctl\n")
    expect(r.stderr).toBe('')
    const d = await hepctl(['delete', 'hostendpoint', 'web-1'], {env: {HOME: home.path}})
    expect(d.stdout).toContain("Successfully deleted 1 'HostEndpoint' resource(s)\nDatastore: the file store at ~/.local/share/hepctl\n")
  })

  it('notes on stderr when ~/.kube/config exists but the file store was chosen by default', async () => {
    mkdirSync(join(home.path, '.kube'))
    writeFileSync(join(home.path, '.kube', 'config'), 'apiVersion: v1\nkind: Config\n')
    const r = await hepctl(['apply', '-f', '-'], {input: hepYaml('web-1'), env: {HOME: home.path}})
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^Note: a kubeconfig is present .*file store at ~\/\.local\/share\/hepctl.*DATASTORE_TYPE=kubernetes or pass --kubeconfig\n$/)
    const chosen = await hepctl(['apply', '-f', '-'], {input: hepYaml('web-2'), env: {HOME: home.path, DATASTORE_TYPE: 'file'}})
    expect(chosen.stderr).toBe('')
  })

  it('notes it when KUBECONFIG is set', async () => {
    const r = await hepctl(['create', '-f', '-', '--dry-run=client'], {input: hepYaml('web-1'), env: {HOME: home.path, KUBECONFIG: join(home.path, 'kc')}})
    expect(r.stderr).toContain('Note: a kubeconfig is present')
    expect(r.stdout).toContain("resource(s) (dry run)\nDatastore: the file store at ~/.local/share/hepctl\n")
  })
})
