// Turning lints off, as a user types it: --disable CODE (repeatable, comma-separated) on validate and the
// writing commands, and the hepctl.io/disable annotation on one object. Errors cannot be turned off.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {fileStoreEnv, hepctl, tempDir} from '../support/cli.js'

const dir = tempDir()
afterAll(() => dir.cleanup())
const write = (name: string, text: string) => {
  writeFileSync(join(dir.path, name), text)
  return name
}
const run = (args: string[]) => hepctl(args, {cwd: dir.path, env: fileStoreEnv(join(dir.path, 'store'))})

const hep = (name: string, annotation?: string) => `apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: ${name}
${annotation === undefined ? '' : `  annotations:\n    hepctl.io/disable: ${annotation}\n`}spec:
  node: node1
  interfaceName: "*"
  profiles: [projectcalico-default-allow]
`
// all-interfaces and no-expected-ips, both warnings.
const PLAIN = write('plain.yaml', hep('plain'))

describe('--disable', () => {
  it('turns the named lints off, comma-separated or repeated, on validate and on the writing commands', async () => {
    const before = await run(['validate', '-f', PLAIN])
    expect(before.stdout).toContain('[all-interfaces]')
    expect(before.stdout).toContain('[no-expected-ips]')
    const one = await run(['validate', '-f', PLAIN, '--disable', 'all-interfaces'])
    expect(one.stdout).not.toContain('all-interfaces')
    expect(one.stdout).toContain('[no-expected-ips]')
    for (const flags of [['--disable', 'all-interfaces,no-expected-ips'], ['--disable', 'all-interfaces', '--disable=no-expected-ips']]) {
      const both = await run(['validate', '-f', PLAIN, ...flags])
      expect(both.stdout).toContain('0 errors, 0 warnings')
      expect(both.code).toBe(0)
    }
    const apply = await run(['apply', '-f', PLAIN, '--dry-run', '--disable', 'all-interfaces'])
    expect(apply.code).toBe(0)
    expect(apply.stderr).not.toContain('all-interfaces')
    expect(apply.stderr).toContain('[no-expected-ips]')
    const create = await run(['create', '-f', PLAIN, '--dry-run'])
    expect(create.stderr).toContain('[all-interfaces]')
  })

  it('still applies under --strict: a disabled warning does not fail the run', async () => {
    expect((await run(['validate', '-f', PLAIN, '--strict'])).code).toBe(1)
    const r = await run(['validate', '-f', PLAIN, '--strict', '--disable', 'all-interfaces,no-expected-ips'])
    expect(r.stdout).not.toMatch(/error \[/)
    expect(r.code).toBe(0)
  })

  it('refuses an error code: errors cannot be disabled (usage error, nothing reported)', async () => {
    for (const code of ['invalid-ip', 'unknown-field', 'lock-out']) {
      const r = await run(['validate', '-f', PLAIN, '--disable', `all-interfaces,${code}`])
      expect(r.code).toBe(2)
      expect(r.stderr.trim()).toBe(`--disable: ${code} is an error, not a lint: it cannot be disabled`)
      expect(r.stdout).toBe('')
    }
    const apply = await run(['apply', '-f', PLAIN, '--disable', 'invalid-ip'])
    expect(apply.code).toBe(2)
    expect((await run(['get', 'hep', '-o', 'name'])).stdout).toBe('')
  })

  it('refuses an unknown code, with the near one', async () => {
    const r = await run(['validate', '-f', PLAIN, '--disable', 'all-interface'])
    expect(r.code).toBe(2)
    expect(r.stderr.trim()).toBe('--disable: unknown problem code "all-interface" (did you mean all-interfaces?)')
    const far = await run(['create', '-f', PLAIN, '--disable', 'zzz'])
    expect(far.code).toBe(2)
    expect(far.stderr.trim()).toBe('--disable: unknown problem code "zzz"')
  })
})

describe('the hepctl.io/disable annotation', () => {
  it('turns the lints off for that object only, and is stored as any other annotation', async () => {
    write('two.yaml', `${hep('quiet', 'all-interfaces, no-expected-ips')}---\n${hep('loud')}`)
    const r = await run(['validate', '-f', 'two.yaml', '-o', 'json'])
    const byName = Object.fromEntries(JSON.parse(r.stdout).resources.map((x: {name: string; problems: {code: string}[]}) => [x.name, x.problems.map(p => p.code).sort()]))
    expect(byName).toEqual({quiet: [], loud: ['all-interfaces', 'no-expected-ips']})
    write('quiet.yaml', hep('quiet', 'all-interfaces, no-expected-ips'))
    expect((await run(['validate', '-f', 'quiet.yaml', '--strict'])).code).toBe(0)

    expect((await run(['create', '-f', 'two.yaml'])).code).toBe(0)
    const stored = await run(['get', 'hep', 'quiet', '-o', 'json'])
    expect(JSON.parse(stored.stdout).metadata.annotations).toEqual({'hepctl.io/disable': 'all-interfaces, no-expected-ips'})
  })

  it('warns, at the annotation, about a code it cannot disable, and still disables the others', async () => {
    write('bad.yaml', hep('bad', 'all-interfaces,no-expectd-ips,invalid-ip'))
    const r = await run(['validate', '-f', 'bad.yaml'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('bad.yaml:6:24: warning [invalid-disable-annotation] hepctl.io/disable: unknown problem code "no-expectd-ips" (did you mean no-expected-ips?)')
    expect(r.stdout).toContain('bad.yaml:6:24: warning [invalid-disable-annotation] hepctl.io/disable: invalid-ip is an error, not a lint: it cannot be disabled')
    expect(r.stdout).not.toContain('[all-interfaces]')
    expect(r.stdout).toContain('[no-expected-ips]')
  })

  it('never hides an error', async () => {
    write('broken.yaml', hep('broken', 'invalid-interface-name').replace('interfaceName: "*"', 'interfaceName: "eth0 with spaces"'))
    const r = await run(['validate', '-f', 'broken.yaml'])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('error [invalid-interface-name]')
  })
})

const POLICIES = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: untracked
ANNOTATION
spec:
  selector: all()
  doNotTrack: true
  applyOnForward: true
  ingress:
    - action: Allow
      protocol: TCP
      destination:
        ports: [22, 6443]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: platform.ssh
ANNOTATION
spec:
  tier: platform
  selector: all()
  ingress:
    - action: Allow
`

describe('context lints', () => {
  it('are silenced by --disable, and by the annotation of either object involved', async () => {
    write('wild.yaml', hep('wild').replace('interfaceName: "*"', 'interfaceName: "*"\n  expectedIPs: [10.0.0.1]'))
    write('policies.yaml', POLICIES.replaceAll('ANNOTATION\n', ''))
    const codes = async (files: string[], extra: string[] = []) => {
      const r = await run(['validate', ...files.flatMap(f => ['-f', f]), '-o', 'json', ...extra])
      return JSON.parse(r.stdout).resources.flatMap((x: {problems: {code: string}[]}) => x.problems.map(p => p.code)).sort()
    }
    expect(await codes(['wild.yaml', 'policies.yaml'])).toEqual(['all-interfaces', 'tier-not-found', 'untracked-on-wildcard'])
    expect(await codes(['wild.yaml', 'policies.yaml'], ['--disable', 'untracked-on-wildcard,tier-not-found'])).toEqual(['all-interfaces'])
    // On the endpoint the finding is reported on.
    write('wild-quiet.yaml', hep('wild', 'untracked-on-wildcard').replace('interfaceName: "*"', 'interfaceName: "*"\n  expectedIPs: [10.0.0.1]'))
    expect(await codes(['wild-quiet.yaml', 'policies.yaml'])).toEqual(['all-interfaces', 'tier-not-found'])
    // On the policy the finding names; and a policy's own finding (tier-not-found) by its annotation.
    write('quiet-policies.yaml', POLICIES.replaceAll('ANNOTATION', '  annotations:\n    hepctl.io/disable: untracked-on-wildcard,tier-not-found'))
    expect(await codes(['wild.yaml', 'quiet-policies.yaml'])).toEqual(['all-interfaces'])
  })
})
