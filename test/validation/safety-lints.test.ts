import {describe, expect, it} from 'vitest'
import {validateObject, validateResources} from '../../src/validation/validate-resources.js'
import {check, codes, hep} from './helpers.js'
import {resourceFromYaml} from './yaml-resource.js'
import {formatPath} from '../../src/problem/path-text.js'

describe('safety lints', () => {
  it('no profile: default-deny except failsafe ports, suggesting projectcalico-default-allow', () => {
    const r = check(hep({profiles: undefined}))
    expect(r.problems.map(p => `${p.severity} ${p.code}@${formatPath(p.path)}`)).toEqual(['warning no-allow-profile@spec.profiles'])
    expect(r.problems[0].message).toMatch(/denied \(apart from failsafe ports\) unless a profile or a policy allows it/)
    expect(r.problems[0].message).toContain('projectcalico-default-allow')
    expect(r.object).toBeDefined()
  })
  it('profiles without projectcalico-default-allow: they or a policy may allow traffic', () => {
    const r = check(hep({profiles: ['web']}))
    expect(r.problems.map(p => p.code)).toEqual(['no-allow-profile'])
    expect(r.problems[0].message).toMatch(/does not include projectcalico-default-allow.*unless a listed profile or a policy allows it/)
  })
  it('interfaceName "*" covers every interface of the host', () => {
    const r = check(hep({interfaceName: '*'}))
    expect(r.problems.map(p => `${p.code}@${formatPath(p.path)}`)).toEqual(['all-interfaces@spec.interfaceName'])
    expect(r.problems[0].message).toMatch(/every interface of the host/)
    expect(check(hep({interfaceName: '*', profiles: undefined})).problems.find(p => p.code === 'no-allow-profile')?.message)
      .toMatch(/every interface of the host is denied/)
  })
  it('no expectedIPs: label selectors on other hosts cannot match its addresses', () => {
    const r = check(hep({expectedIPs: undefined}))
    expect(r.problems.map(p => `${p.code}@${formatPath(p.path)}`)).toEqual(['no-expected-ips@spec.expectedIPs'])
    expect(r.problems[0].message).toMatch(/only from expectedIPs/)
  })
  it('the same name twice in one run: reported on the later one, pointing at the earlier', () => {
    const first = resourceFromYaml('apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: web\nspec: {node: node1, expectedIPs: [10.0.0.1], profiles: [projectcalico-default-allow]}\n', 'a.yaml')
    const second = resourceFromYaml('apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata: {name: web}\nspec: {node: node2, expectedIPs: [10.0.0.2], profiles: [projectcalico-default-allow]}\n', 'b.yaml', 2)
    const other = resourceFromYaml('apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata: {name: other}\nspec: {node: node2, expectedIPs: [10.0.0.3], profiles: [projectcalico-default-allow]}\n', 'b.yaml', 3)
    const [r1, r2, r3] = validateResources([first, second, other])
    expect(r1.problems).toEqual([])
    expect(r3.problems).toEqual([])
    expect(r2.problems).toHaveLength(1)
    expect(r2.problems[0]).toMatchObject({severity: 'warning', code: 'duplicate-name', path: ['metadata', 'name'], file: 'b.yaml', line: 3, column: 18, document: 2})
    expect(r2.problems[0].message).toContain('a.yaml:4:9 (document 1)')
    expect(r2.object).toBeDefined()
  })
  it('strict mode makes every warning an error, and drops the object', () => {
    const value = hep({interfaceName: '*', profiles: undefined, Node: 5, node: undefined})
    expect(codes(value)).toEqual(['field-name-case@spec.node', 'scalar-converted@spec.node', 'no-allow-profile@spec.profiles', 'all-interfaces@spec.interfaceName'])
    const relaxed = validateObject(value)
    expect(relaxed.problems.every(p => p.severity === 'warning')).toBe(true)
    expect(relaxed.object).toBeDefined()
    const strict = validateObject(value, {strict: true})
    expect(strict.problems.map(p => p.severity)).toEqual(['error', 'error', 'error', 'error'])
    expect(strict.object).toBeUndefined()
    const [dup] = validateResources([resourceFromYaml('apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata: {name: x}\nspec: {node: node1, expectedIPs: [10.0.0.1], profiles: [projectcalico-default-allow]}\n'),
      resourceFromYaml('apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata: {name: x}\nspec: {node: node1, expectedIPs: [10.0.0.1], profiles: [projectcalico-default-allow]}\n')], {strict: true}).slice(1)
    expect(dup.problems.map(p => `${p.severity} ${p.code}`)).toEqual(['error duplicate-name'])
  })
})
