import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {XMLParser} from 'fast-xml-parser'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {hepYaml, hepctl, tempDir} from '../support/cli.js'

const dir = tempDir()
const file = (name: string, text: string) => {
  const path = join(dir.path, name)
  writeFileSync(path, text)
  return path
}
let valid: string
let invalid: string

beforeAll(() => {
  valid = file('valid.yaml', hepYaml('web-1') + '---\n' + hepYaml('web-2'))
  invalid = file('invalid.yaml', `${hepYaml('ok-1')}---
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: Bad_Name
spec:
  node: node1
  interfaceName: wibblywobblyeth0
  profiles: [projectcalico-default-allow]
  ports:
    - {name: https, protocol: tcp, port: 70000}
`)
})
afterAll(() => dir.cleanup())

describe('hepctl validate', () => {
  it('exits 0 for valid manifests and says how many resources it checked', async () => {
    const r = await hepctl(['validate', '-f', valid])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/2 resources/)
  })

  it('reports every problem with file:line:col, code and path, and exits 1', async () => {
    const r = await hepctl(['validate', '-f', invalid])
    expect(r.code).toBe(1)
    const lines = r.stdout.split('\n').filter(l => l.includes(': error '))
    // name, interfaceName, protocol and port: four errors in the second document, none in the first.
    expect(lines).toHaveLength(4)
    expect(r.stdout).toContain(`${invalid}:14:9: error`) // the value of metadata.name
    // Each line names the path and the offending value.
    expect(r.stdout).toMatch(/invalid\.yaml:14:9: error \[invalid-name\] metadata\.name "Bad_Name"/)
    expect(r.stdout).toMatch(/invalid\.yaml:17:18: error \[invalid-interface-name\] spec\.interfaceName "wibblywobblyeth0"/)
    expect(r.stdout).toMatch(/invalid\.yaml:20:\d+: error \[invalid-protocol\] spec\.ports\[0\]\.protocol "tcp".*"TCP"/)
    expect(r.stdout).toMatch(/invalid\.yaml:20:\d+: error \[invalid-port\] spec\.ports\[0\]\.port 70000/)
    expect(r.stdout).not.toMatch(/ok-1/)
  })

  it('reads stdin with -f -', async () => {
    const r = await hepctl(['validate', '-f', '-'], {input: hepYaml('from-stdin')})
    expect(r.code).toBe(0)
    const bad = await hepctl(['validate', '-f', '-'], {input: hepYaml('x').replace('node: node1', 'node: "node 1"')})
    expect(bad.code).toBe(1)
    expect(bad.stdout).toMatch(/^-:\d+:\d+: error/m)
  })

  it('reads directories: top level only unless -R', async () => {
    const tree = join(dir.path, 'tree')
    mkdirSync(join(tree, 'sub'), {recursive: true})
    writeFileSync(join(tree, 'a.yaml'), hepYaml('a'))
    writeFileSync(join(tree, 'notes.txt'), 'not a manifest')
    writeFileSync(join(tree, 'sub', 'b.yml'), hepYaml('b').replace('node: node1', 'node: "BAD node"'))
    const top = await hepctl(['validate', '-f', tree, '-o', 'json'])
    expect(top.code).toBe(0)
    expect(JSON.parse(top.stdout).summary.resources).toBe(1)
    const deep = await hepctl(['validate', '-f', tree, '-R', '-o', 'json'])
    expect(deep.code).toBe(1)
    expect(JSON.parse(deep.stdout).summary.resources).toBe(2)
  })

  it('exits 3 for a missing file, naming it', async () => {
    const r = await hepctl(['validate', '-f', join(dir.path, 'nope.yaml')])
    expect(r.code).toBe(3)
    expect(r.stdout + r.stderr).toContain('nope.yaml')
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /) // no stack trace
  })

  it('reads a pipe or device like stdin, with the same size limit: -f /dev/zero ends, it does not hang', async () => {
    const endless = await hepctl(['validate', '-f', '/dev/zero'])
    expect(endless.code).toBe(3)
    expect(endless.stdout).toContain('[input-too-large]')
  })

  it('exits 3 for input without resources, unless --skip-empty', async () => {
    const empty = file('empty.yaml', '# only a comment\n---\n')
    expect((await hepctl(['validate', '-f', empty])).code).toBe(3)
    expect((await hepctl(['validate', '-f', empty, '--skip-empty'])).code).toBe(0)
  })

  it('exits 2 for a usage error', async () => {
    const r = await hepctl(['validate', '-f', valid, '--no-such-flag'])
    expect(r.code).toBe(2)
    const badOutput = await hepctl(['validate', '-f', valid, '-o', 'xml'])
    expect(badOutput.code).toBe(2)
  })

  it('--strict turns warnings into errors', async () => {
    const lint = file('lint.yaml', hepYaml('lint-1', {profiles: []}).replace('profiles: []', 'profiles: [other-profile]'))
    const lax = await hepctl(['validate', '-f', lint])
    expect(lax.code).toBe(0)
    expect(lax.stdout).toMatch(/warning/)
    const strict = await hepctl(['validate', '-f', lint, '--strict'])
    expect(strict.code).toBe(1)
  })

  it('-o json has the documented shape', async () => {
    const r = await hepctl(['validate', '-f', invalid, '-o', 'json'])
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout)
    expect(report.summary).toMatchObject({resources: 2, valid: 1, invalid: 1})
    const bad = report.resources.find((x: {name?: string}) => x.name === 'Bad_Name')
    // Four errors and the no-expected-ips warning.
    expect(bad.problems).toHaveLength(5)
    expect(bad.problems.filter((p: {severity: string}) => p.severity === 'error')).toHaveLength(4)
    for (const p of bad.problems) expect(p).toMatchObject({severity: expect.any(String), code: expect.any(String), line: expect.any(Number), column: expect.any(Number)})
  })

  it('-o junit is valid XML with a test case per resource', async () => {
    const r = await hepctl(['validate', '-f', invalid, '-o', 'junit'])
    expect(r.code).toBe(1)
    const xml = new XMLParser({ignoreAttributes: false}).parse(r.stdout)
    const suites = [xml.testsuites.testsuite].flat()
    const cases = suites.flatMap((s: {testcase: unknown}) => [s.testcase].flat())
    expect(cases).toHaveLength(2)
    expect(cases.filter((c: {failure?: unknown}) => c.failure !== undefined)).toHaveLength(1)
  })

  it('-o sarif is SARIF 2.1.0 with results located in the file', async () => {
    const r = await hepctl(['validate', '-f', invalid, '-o', 'sarif'])
    const sarif = JSON.parse(r.stdout)
    expect(sarif.version).toBe('2.1.0')
    const results = sarif.runs[0].results
    // Four errors and one warning, all in the second document.
    expect(results).toHaveLength(5)
    expect(results.filter((res: {level: string}) => res.level === 'error')).toHaveLength(4)
    for (const res of results) {
      expect(res.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1)
      expect(res.locations[0].physicalLocation.artifactLocation.uri).toMatch(/invalid\.yaml$/)
    }
  })

  it('chooses GitHub annotations under GitHub Actions', async () => {
    const r = await hepctl(['validate', '-f', invalid], {env: {GITHUB_ACTIONS: 'true'}})
    expect(r.stdout).toMatch(/^::error file=.*invalid\.yaml,line=\d+,col=\d+/m)
  })

  it('takes the fast route and the oclif route to the same result', async () => {
    // The fast route leaves `-o=json` to oclif (parsers read `-x=value` differently), so the same run goes
    // through oclif.
    const fast = await hepctl(['validate', '-f', invalid, '-o', 'json'])
    const oclif = await hepctl(['validate', '-f', invalid, '-o=json'])
    expect(oclif.code).toBe(fast.code)
    expect(oclif.stdout).toBe(fast.stdout)
  })

  it('prints help through oclif', async () => {
    const r = await hepctl(['validate', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/Exit codes/)
  })
})
