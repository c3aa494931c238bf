import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {hepctl, tempDir} from '../support/cli.js'

// Enough problems that each report is many times one write chunk, so it goes out streamed in pieces.
const COUNT = 3000
const dir = tempDir()
let path: string

beforeAll(() => {
  const docs: string[] = []
  for (let i = 0; i < COUNT; i++) {
    docs.push(`apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: host-${i}
spec:
  node: node1
  interfaceName: eth0
  profiles: [projectcalico-default-allow]
  ports:
    - {name: https, protocol: tcp, port: ${70000 + i}}
`)
  }
  path = join(dir.path, 'many.yaml')
  writeFileSync(path, docs.join('---\n'))
})
afterAll(() => dir.cleanup())

describe('hepctl validate with many problems', () => {
  it('-o json streams a report that parses and holds every problem', async () => {
    const r = await hepctl(['validate', '-f', path, '-o', 'json'])
    expect(r.code).toBe(1)
    expect(r.stdout.length).toBeGreaterThan(1024 * 1024)
    const report = JSON.parse(r.stdout)
    expect(report.resources).toHaveLength(COUNT)
    const ports = report.resources.flatMap((res: {problems: {code: string; message: string}[]}) => res.problems)
      .filter((p: {code: string}) => p.code === 'invalid-port')
    expect(ports).toHaveLength(COUNT)
    expect(new Set(ports.map((p: {message: string}) => p.message)).size).toBe(COUNT)
    expect(report.summary.errors).toBeGreaterThanOrEqual(COUNT)
  })

  it('-o sarif streams a log that parses and holds every problem', async () => {
    const r = await hepctl(['validate', '-f', path, '-o', 'sarif'])
    expect(r.code).toBe(1)
    const results = JSON.parse(r.stdout).runs[0].results
    const ports = results.filter((x: {ruleId: string}) => x.ruleId === 'invalid-port')
    expect(ports).toHaveLength(COUNT)
    expect(new Set(ports.map((x: {locations: {physicalLocation: {region: {startLine: number}}}[]}) => x.locations[0].physicalLocation.region.startLine)).size).toBe(COUNT)
  })

  it('the text report has one line per problem and the summary', async () => {
    const r = await hepctl(['validate', '-f', path])
    expect(r.code).toBe(1)
    expect(r.stdout.split('\n').filter(l => l.includes('[invalid-port]'))).toHaveLength(COUNT)
    expect(r.stdout).toMatch(/in 3000 resources \(3000 invalid\) from 1 file\n$/)
  })
})
