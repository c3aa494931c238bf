/**
 * calicoctl prints YAML with go-yaml v2 (through sigs.k8s.io/yaml). When Go and go-yaml v2 are installed
 * (Debian: golang-go, golang-gopkg-yaml.v2-dev; or GOYAML_V2_DIR pointing at the package source), this
 * compares hepctl's YAML with go-yaml's own output. Skipped otherwise.
 *
 * Known, accepted differences (both sides are valid YAML for the same data), none of them in values a valid
 * HostEndpoint's names, IPs, interface or profiles can hold: go-yaml folds strings longer than 80 columns,
 * escapes tabs and astral characters, double-quotes multi-line strings with spaces at line ends, writes `'a`
 * as `'''a'`, and leaves `e1` plain; and for keys with leading zeros (`a01b`, `a0b`) go-yaml's comparison is
 * not a total order, so the final order depends on the sort algorithm.
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {goYamlKeyLess} from '../../src/output/key-order.js'
import {toYaml} from '../../src/output/yaml-text.js'
import type {HostEndpoint} from '../../src/model/hostendpoint.js'
import {list} from './fixtures.js'
import {toolAvailable} from '../support/required-tool.js'

const goyamlSource = process.env.GOYAML_V2_DIR ?? '/usr/share/gocode/src/gopkg.in/yaml.v2'
const haveGo = toolAvailable('Go with go-yaml v2', spawnSync('go', ['version']).status === 0 && existsSync(goyamlSource), 'apt-get install golang-go golang-gopkg-yaml.v2-dev')

describe.skipIf(!haveGo)('YAML parity with go-yaml v2 (calicoctl)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hepctl-goyaml-'))
  const binary = join(dir, 'go-yaml-v2')

  beforeAll(() => {
    const pkg = join(dir, 'gopath', 'src', 'gopkg.in', 'yaml.v2')
    cpSync(goyamlSource, pkg, {recursive: true})
    cpSync(new URL('./go-yaml-v2/key-less.go.txt', import.meta.url), join(pkg, 'key_less.go'))
    cpSync(new URL('./go-yaml-v2/main.go', import.meta.url), join(dir, 'main.go'))
    execFileSync('go', ['build', '-o', binary, join(dir, 'main.go')], {
      cwd: dir,
      env: {...process.env, GOPATH: join(dir, 'gopath'), GO111MODULE: 'off', GOCACHE: join(dir, 'cache'), GOFLAGS: ''},
    })
  }, 120_000)
  afterAll(() => rmSync(dir, {recursive: true, force: true}))

  const goYaml = (docs: unknown[]): string[] =>
    execFileSync(binary, ['yaml'], {input: docs.map(d => JSON.stringify(d)).join('\n') + '\n', maxBuffer: 1 << 30})
      .toString().split('\0').slice(0, docs.length)

  it('orders any two keys exactly as go-yaml\'s key sorter does', () => {
    const keys = ['rack1', 'rack10', 'rack2', 'rack9', 'a0b', 'a00b', 'a01b', 'a1b', 'Zeta', 'alpha', '_x', 'x_', '1a',
      'a.b/c', 'a-b', 'a_b', 'aB', 'ab', 'a', 'a1', 'a01', 'a001', 'b10c2', 'b10c10', 'x9', 'x09', 'x009', 'tier-2',
      'tier-10', 'é', 'z', 'A', '0', '00', '10', '9', 'a9b', 'a10a', 'a0', 'a10', 'a010', 'v1.2.3', 'v1.10.0',
      'x99999999999999999999', 'x99999999999999999998', '日本', '😀a', '😀b', '٣', 'a٣', 'example.com/tier', 'k8s.io/x']
    const pairs: [string, string][] = []
    for (const a of keys) for (const b of keys) if (a !== b) pairs.push([a, b])
    const go = execFileSync(binary, ['less'], {input: pairs.map(p => p.join('\t')).join('\n') + '\n'}).toString().trim().split('\n')
    const mismatches = pairs.filter(([a, b], i) => String(goYamlKeyLess(a, b)) !== go[i])
    expect(mismatches).toEqual([])
  })

  it('prints typical HostEndpoints and Lists byte for byte as calicoctl would', () => {
    // Strings both emitters treat alike, including look-alikes that must be quoted.
    const values = ['yes', 'no', 'On', 'y', 'N', 'true', '~', 'null', '', '123', '1e3', '0x1F', '017', '1.5', '-1', '+1',
      '1_000', '1:20', '2024-05-01', '2024-05-01T12:00:00Z', 'a:b', 'a#b', '-a', 'x]', 'a,b', 'it\'s', 'say "hi"', 'a\nb',
      'a\n\nb', 'ünïcödé', '日本語', 'eth0', 'fd00::1', '10.0.0.1', 'web', 'prod', 'x.', '.x', 'TCP', '*', '*a', '&a', '!a',
      '%a', '@a', '[x', '{x', '|', '>', '#', 'a: b', ' lead', 'trail ', '0o7', '---x', '...', 'a #b', '- a']
    const objects = Array.from({length: 400}, (_, i) => ({
      apiVersion: 'projectcalico.org/v3',
      kind: 'HostEndpoint',
      metadata: {
        name: `hep-${i}`,
        uid: `6f1c9a52-2b7e-4c1b-9a34-${String(i).padStart(12, '0')}`,
        resourceVersion: String(100 + i),
        creationTimestamp: '2026-11-26T08:00:00Z',
        labels: {[`rack${i % 12}`]: `rack-${i % 12}`, [`tier${i % 3}`]: values[i % values.length], 'example.com/role': 'worker', env: 'prod'},
        ...(i % 4 === 0 ? {annotations: {note: values[(i * 7) % values.length], 'k8s.io/x10': 'a', 'k8s.io/x9': values[(i * 3) % values.length]}} : {}),
      },
      spec: {
        node: `node-${i}.cluster.example.com`,
        ...(i % 5 === 0 ? {} : {interfaceName: i % 2 ? 'eth0' : '*'}),
        expectedIPs: i % 3 === 0 ? [] : [`10.0.${i % 250}.1`, `fd00::${i.toString(16)}`],
        profiles: ['projectcalico-default-allow'],
        ports: [{name: 'https', protocol: i % 2 ? 'TCP' : 6, port: 443}, {name: values[i % values.length] || 'p', protocol: 'UDP', port: 53}],
      },
    }))
    const heps = objects as HostEndpoint[]
    const lists = [list(heps), list([]), list(heps.slice(0, 3), '')]
    const mine = [...objects, ...lists].map(toYaml)
    const go = goYaml([...objects, ...lists])
    for (let i = 0; i < mine.length; i++) expect(mine[i], `document ${i}`).toBe(go[i])
  })
})
