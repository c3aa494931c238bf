/** A few spot checks of the calicoctl YAML rules through the real CLI, as a user runs it. */
import {describe, expect, it} from 'vitest'
import {hepctl} from '../support/cli.js'

const hep = (spec: string, annotations = '') =>
  `apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: h1\n${annotations}spec:\n  node: node1\n${spec}`

describe('hepctl validate reads YAML as calicoctl does', () => {
  it('refuses an unquoted ::1 in a flow list, at its position, saying how to write it', async () => {
    const r = await hepctl(['validate', '-f', '-'], {input: hep('  expectedIPs: [::1, 192.0.2.10]\n')})
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/-:7:17: error \[yaml-calicoctl-incompatible\] .*quote it \("::1"\)/)
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/)
  })

  it('stores a float annotation as calicoctl does', async () => {
    const r = await hepctl(['validate', '-f', '-'], {input: hep('  interfaceName: eth0\n', '  annotations: {ratio: 1e6, big: 9007199254740993}\n')})
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/annotations\.ratio .* read as the string "1e\+06"/)
    expect(r.stdout).toMatch(/annotations\.big .* read as the string "9007199254740993"/)
  })

  it('splits at a ---------- line as calicoctl does', async () => {
    const r = await hepctl(['validate', '-f', '-'], {input: `${hep('  interfaceName: eth0\n')}----------\n${hep('  interfaceName: eth1\n').replace('h1', 'h2')}`})
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/2 resources/)
  })
})
