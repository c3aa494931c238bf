// Every context lint, from files, in every report format (text, JSON, JUnit, SARIF, GitHub annotations): each
// on the resource it is about, at its position, and naming the other resource involved with that one's position.
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {XMLParser} from 'fast-xml-parser'
import {afterAll, describe, expect, it} from 'vitest'
import {stringify} from 'yaml'

import {hepctl, tempDir} from '../support/cli.js'

type Json = Record<string, unknown>
const v3 = 'projectcalico.org/v3'
const hep = (name: string, spec: Json = {}, labels: Record<string, string> = {role: 'node'}): Json =>
  ({apiVersion: v3, kind: 'HostEndpoint', metadata: {name, labels}, spec: {node: 'node1', interfaceName: 'eth0', expectedIPs: ['10.0.0.1'], profiles: ['projectcalico-default-allow'], ...spec}})
const gnp = (name: string, spec: Json): Json => ({apiVersion: v3, kind: 'GlobalNetworkPolicy', metadata: {name}, spec})
const allowTcp = (...ports: (number | string)[]): Json => ({action: 'Allow', protocol: 'TCP', destination: {ports}})
const allowAll = gnp('allow-all', {selector: 'all()', types: ['Ingress'], ingress: [{action: 'Allow'}]})
const noFailsafes: Json = {apiVersion: v3, kind: 'FelixConfiguration', metadata: {name: 'default'}, spec: {failsafeInboundHostPorts: [], failsafeOutboundHostPorts: []}}

interface Scenario {
  /** The lint's code, and the file of the resource it is reported on. */
  code: string
  on: 'hosts.yaml' | 'policies.yaml'
  hosts: Json[]
  policies: Json[]
  /** The other resource's position that the message names (file:line:column). */
  names?: RegExp
  args?: string[]
}

const SCENARIOS: Scenario[] = [
  {code: 'lock-out', on: 'hosts.yaml', hosts: [hep('h')], policies: [noFailsafes, gnp('https', {selector: 'all()', ingress: [allowTcp(443)]})], names: /policies\.yaml:\d+:\d+/},
  {code: 'default-deny', on: 'hosts.yaml', hosts: [hep('h', {profiles: undefined})], policies: [allowAll]},
  {code: 'profile-never-applies', on: 'hosts.yaml', hosts: [hep('h')], policies: [gnp('everything', {selector: 'all()', types: ['Ingress', 'Egress'], ingress: [allowTcp(22, 6443)], egress: [{action: 'Allow'}]})], names: /GlobalNetworkPolicy everything \(policies\.yaml:\d+:\d+/},
  {code: 'untracked-on-wildcard', on: 'hosts.yaml', hosts: [hep('h', {interfaceName: '*'})], policies: [allowAll, gnp('untracked', {selector: 'all()', doNotTrack: true, applyOnForward: true, ingress: [allowTcp(22)]})], names: /GlobalNetworkPolicy untracked \(policies\.yaml:\d+:\d+/},
  {code: 'selected-without-addresses', on: 'hosts.yaml', hosts: [hep('h', {expectedIPs: undefined}, {role: 'db'})], policies: [gnp('from-db', {selector: 'all()', ingress: [{action: 'Allow', source: {selector: "role == 'db'"}}, {action: 'Allow'}]})], names: /GlobalNetworkPolicy from-db \(policies\.yaml:\d+:\d+/},
  {code: 'named-port-not-found', on: 'policies.yaml', hosts: [hep('h', {ports: [{name: 'ssh', protocol: 'UDP', port: 22}]})], policies: [allowAll, gnp('ssh', {selector: 'all()', ingress: [{action: 'Allow', protocol: 'TCP', destination: {ports: ['ssh']}}]})]},
  {code: 'unused-endpoint-port', on: 'hosts.yaml', hosts: [hep('h', {ports: [{name: 'metrics', protocol: 'TCP', port: 9100}]})], policies: [allowAll], args: ['--info-lints']},
  {code: 'missing-profile', on: 'hosts.yaml', hosts: [hep('h', {profiles: ['web']})], policies: [allowAll]},
  {code: 'interface-claimed-twice', on: 'hosts.yaml', hosts: [hep('b-eth0'), hep('a-eth0')], policies: [allowAll], names: /HostEndpoint a-eth0 \(hosts\.yaml:\d+:\d+/},
  {code: 'tier-not-found', on: 'policies.yaml', hosts: [hep('h')], policies: [allowAll, gnp('platform.ssh', {tier: 'platform', selector: 'all()', ingress: [allowTcp(22)]})]},
  {code: 'staged-policy-changes-verdict', on: 'policies.yaml', hosts: [hep('h')], policies: [noFailsafes, {apiVersion: v3, kind: 'StagedGlobalNetworkPolicy', metadata: {name: 'lockdown'}, spec: {selector: 'all()', ingress: [allowTcp(443)]}}], names: /HostEndpoint h \(hosts\.yaml:\d+:\d+/, args: ['--info-lints']},
]

const dir = tempDir()
afterAll(() => dir.cleanup())
const yamlOf = (objects: Json[]) => objects.map(o => stringify(o)).join('---\n')

function scenarioDir(s: Scenario): string {
  const path = join(dir.path, s.code)
  mkdirSync(path, {recursive: true})
  writeFileSync(join(path, 'hosts.yaml'), yamlOf(s.hosts))
  writeFileSync(join(path, 'policies.yaml'), yamlOf(s.policies))
  return path
}

interface Found {file: string; line: number; column: number; severity: string; message: string}

describe('every context lint in every report format', () => {
  for (const s of SCENARIOS) {
    it(`${s.code}: text, JSON, JUnit, SARIF and GitHub, with its positions`, async () => {
      const cwd = scenarioDir(s)
      const run = (args: string[], env: NodeJS.ProcessEnv = {}) => hepctl(['validate', '-f', 'hosts.yaml', '-f', 'policies.yaml', ...(s.args ?? []), ...args], {cwd, env})

      const json = JSON.parse((await run(['-o', 'json'])).stdout)
      const found: Found[] = json.resources.flatMap((r: {problems: Found[]}) => r.problems).filter((p: Found & {code: string}) => p.code === s.code)
      expect(found.length, JSON.stringify(json)).toBeGreaterThan(0)
      const [first] = found
      expect(first.file).toBe(s.on)
      expect(first.line).toBeGreaterThan(0)
      if (s.names) expect(first.message).toMatch(s.names)
      const at = `${first.file}:${first.line}:${first.column}`

      const text = (await run(['-o', 'text'])).stdout
      expect(text).toContain(`${at}: ${first.severity} [${s.code}] ${first.message}`)

      const xml = new XMLParser({ignoreAttributes: false}).parse((await run(['-o', 'junit'])).stdout)
      expect(JSON.stringify(xml)).toContain(s.code)
      expect(JSON.stringify(xml)).toContain(at)

      const sarif = JSON.parse((await run(['-o', 'sarif'])).stdout)
      const result = sarif.runs[0].results.find((x: {ruleId: string}) => x.ruleId === s.code)
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(new RegExp(`${s.on.replace('.', '\\.')}$`))
      expect(result.locations[0].physicalLocation.region).toMatchObject({startLine: first.line, startColumn: first.column})
      if (s.names) expect(result.message.text).toMatch(s.names)

      const github = (await run([], {GITHUB_ACTIONS: 'true'})).stdout
      const level = first.severity === 'error' ? 'error' : 'warning'
      expect(github).toContain(`::${level} file=${s.on},line=${first.line},col=${first.column},title=hepctl ${s.code}::`)
    })
  }
})
