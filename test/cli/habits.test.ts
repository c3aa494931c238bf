// kubectl's and calicoctl's command-line habits, as users type them: help anywhere, global flags before the
// command, kubectl's flag forms, one-line usage errors with a near name, `validate FILE...`.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {fileStoreEnv, hepctl, hepYaml, tempDir} from '../support/cli.js'

let dir: ReturnType<typeof tempDir>
let env: NodeJS.ProcessEnv
beforeAll(() => {
  dir = tempDir()
  env = fileStoreEnv(join(dir.path, 'store'))
  writeFileSync(join(dir.path, 'a.yaml'), hepYaml('a', {labels: {tier: 'web'}}))
  writeFileSync(join(dir.path, 'b.yaml'), hepYaml('b'))
})
afterAll(() => dir.cleanup())

describe('help', () => {
  it('hepctl -h and --help print the command list', async () => {
    for (const flag of ['-h', '--help']) {
      const r = await hepctl([flag])
      expect(r.code).toBe(0)
      expect(r.stdout).toContain('COMMANDS')
      expect(r.stdout).toMatch(/validate\s+Check HostEndpoint manifests/)
    }
  })

  it('-h anywhere and `help COMMAND` print the command\'s help', async () => {
    for (const argv of [['get', '-h'], ['get', 'hep', '-h'], ['-h', 'get'], ['help', 'get'], ['get', '--help']]) {
      const r = await hepctl(argv, {env})
      expect(r.code, argv.join(' ')).toBe(0)
      expect(r.stdout, argv.join(' ')).toContain('Show HostEndpoints: all, by name, by manifest, or by label selector')
      expect(r.stdout).toContain('--show-labels')
    }
  })

  it('`hepctl help` alone is the command list', async () => {
    const r = await hepctl(['help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('COMMANDS')
  })
})

describe('global flags before the command', () => {
  it('--context and -c are read before the command as after it', async () => {
    const cfg = join(dir.path, 'calicoctl.cfg')
    writeFileSync(cfg, `apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata: {}\nspec:\n  datastoreType: etcdv3\n  etcdEndpoints: http://127.0.0.1:1\n`)
    const before = await hepctl(['-c', cfg, 'version'])
    const after = await hepctl(['version', '-c', cfg])
    expect(before.code).toBe(0)
    expect(before.stdout).toContain('etcdv3')
    expect(before.stdout).toBe(after.stdout)
    const ctx = await hepctl(['--context', 'prod', 'get', 'hep'], {env})
    expect(ctx.code).toBe(0)
    expect(ctx.stdout).toContain('NAME')
  })
})

describe('one-line usage errors', () => {
  it('an unknown short flag is named, with a pointer to --help', async () => {
    const r = await hepctl(['get', 'hep', '-m'], {env})
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe("unknown flag -m; see 'hepctl get --help'\n")
  })

  it('an unknown long flag is named, with a near name', async () => {
    const r = await hepctl(['get', 'hep', '--show-lables'], {env})
    expect(r.code).toBe(2)
    expect(r.stderr).toBe("unknown flag --show-lables (did you mean --show-labels?); see 'hepctl get --help'\n")
  })

  it('a mistyped command gets "did you mean"', async () => {
    const r = await hepctl(['gett', 'hep'], {env})
    expect(r.code).toBe(2)
    expect(r.stderr).toBe("unknown command \"gett\" (did you mean get?); see 'hepctl --help'\n")
    const far = await hepctl(['frobnicate'], {env})
    expect(far.code).toBe(2)
    expect(far.stderr).toBe("unknown command \"frobnicate\"; see 'hepctl --help'\n")
  })

  it('a missing or an extra argument is one line, as every other usage mistake', async () => {
    const none = await hepctl(['label'], {env})
    expect(none.code).toBe(2)
    expect(none.stdout).toBe('')
    expect(none.stderr).toMatch(/^missing argument RESOURCE: KIND NAME .*; see 'hepctl label --help'\n$/)
    const extra = await hepctl(['crd', 'extra'], {env})
    expect(extra.code).toBe(2)
    expect(extra.stderr).toBe(`unexpected argument "extra": this command takes none; see 'hepctl crd --help'\n`)
  })

  it('a boolean given a value other than true or false', async () => {
    const r = await hepctl(['get', 'hep', '--show-labels=yes'], {env})
    expect(r.code).toBe(2)
    expect(r.stderr).toBe("--show-labels takes true or false, not \"yes\"; see 'hepctl get --help'\n")
  })
})

describe("kubectl's flag forms", () => {
  it('booleans take =true and =false', async () => {
    await hepctl(['create', '-f', join(dir.path, 'a.yaml')], {env})
    const on = await hepctl(['get', 'hep', '--show-labels=true'], {env})
    expect(on.code).toBe(0)
    expect(on.stdout).toContain('LABELS')
    expect(on.stdout).toContain('tier=web')
    const off = await hepctl(['get', 'hep', '--show-labels=false'], {env})
    expect(off.code).toBe(0)
    expect(off.stdout).not.toContain('LABELS')
  })

  it('--dry-run, --dry-run=client and --dry-run=true write nothing; --dry-run=false and =none write', async () => {
    const b = join(dir.path, 'b.yaml')
    for (const flag of ['--dry-run', '--dry-run=client', '--dry-run=true']) {
      const r = await hepctl(['create', '-f', b, flag], {env})
      expect(r.code, flag).toBe(0)
      expect((await hepctl(['get', 'hep', 'b'], {env})).code, flag).toBe(1)
    }
    const r = await hepctl(['create', '-f', b, '--dry-run=false'], {env})
    expect(r.code).toBe(0)
    expect((await hepctl(['get', 'hep', 'b'], {env})).code).toBe(0)
    const bad = await hepctl(['create', '-f', b, '--dry-run=maybe'], {env})
    expect(bad.code).toBe(2)
  })
})

describe('validate FILE...', () => {
  it('takes files as arguments, as kubeconform users type them', async () => {
    const r = await hepctl(['validate', join(dir.path, 'a.yaml'), join(dir.path, 'b.yaml')])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('in 2 resources')
    expect(r.stdout).toContain('from 2 files')
  })

  it('without any file is a usage error', async () => {
    const r = await hepctl(['validate'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('validate needs manifests')
  })
})
