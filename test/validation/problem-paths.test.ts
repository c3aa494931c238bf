import {describe, expect, it} from 'vitest'
import {validateResources} from '../../src/validation/validate-resources.js'
import {check, hep} from './helpers.js'
import {resourceFromValue, resourceFromYaml} from './yaml-resource.js'
import {formatPath} from '../../src/problem/path-text.js'

describe('problem paths', () => {
  it('quotes keys that are not identifiers', () => {
    expect(formatPath(['spec', 'ports', 0, 'port'])).toBe('spec.ports[0].port')
    expect(formatPath(['metadata', 'labels', 'example.com/tier'])).toBe('metadata.labels["example.com/tier"]')
    expect(formatPath(['metadata', 'labels', 'my-label'])).toBe('metadata.labels["my-label"]')
    expect(formatPath(['metadata', 'labels', 'a"b'])).toBe('metadata.labels["a\\"b"]')
    expect(formatPath(['weird key'])).toBe('["weird key"]')
    expect(formatPath([])).toBe('')
  })
  it('are unambiguous in problems', () => {
    const r = check(hep({}, {labels: {'a.b': 'x y', a: {b: 1}}}))
    expect(r.problems.map(p => formatPath(p.path))).toEqual(['metadata.labels["a.b"]', 'metadata.labels.a'])
  })
})

describe('unknown fields', () => {
  it('name the field, where it is, and where it belongs', () => {
    const r = check(hep({}, {interfaceName: 'eth1'}, {status: {}}))
    const byPath = Object.fromEntries(r.problems.map(p => [formatPath(p.path), p]))
    expect(byPath.status).toMatchObject({code: 'unknown-field', severity: 'error'})
    expect(byPath.status.message).toBe('unknown field "status" at the top level; the fields allowed here are: apiVersion, kind, metadata, spec')
    expect(byPath['metadata.interfaceName'].message).toBe('unknown field "interfaceName" in metadata; it belongs in spec')
  })
  it('a port field in spec belongs in each item of spec.ports', () => {
    expect(check(hep({port: 80})).problems[0].message).toBe('unknown field "port" in spec; it belongs in each item of spec.ports')
  })
  it('inside list items', () => {
    const r = check(hep({ports: [{name: 'a', protocol: 'TCP', port: 1, targetPort: 2}]}))
    expect(r.problems.map(p => `${p.code}@${formatPath(p.path)}`)).toEqual(['unknown-field@spec.ports[0].targetPort'])
    expect(r.problems[0].message).toMatch(/in spec\.ports\[0\]; the fields allowed here are: name, protocol, port/)
  })
  it('point at the key', () => {
    const source = resourceFromYaml('apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata: {name: a}\nspec:\n  node: node1\n  expectedIPs: [10.0.0.1]\n  profiles: [projectcalico-default-allow]\n  bogus: 1\n')
    const [r] = validateResources([source])
    expect(r.problems).toEqual([{severity: 'error', code: 'unknown-field', path: ['spec', 'bogus'], file: 'test.yaml', line: 8, column: 3, document: 0, resource: 'a',
      message: 'unknown field "bogus" in spec; the fields allowed here are: node, interfaceName, expectedIPs, profiles, ports'}])
  })
  it('keep prototype-like keys as plain data', () => {
    const value = JSON.parse('{"apiVersion":"projectcalico.org/v3","kind":"HostEndpoint","metadata":{"name":"a","__proto__":{"x":1},"labels":{"__proto__":"v"}},"spec":{"node":"n","expectedIPs":["10.0.0.1"],"profiles":["projectcalico-default-allow"],"constructor":1}}')
    const r = check(value)
    expect(r.problems.map(p => `${p.code}@${formatPath(p.path)}`).sort()).toEqual(['invalid-label-key@metadata.labels.__proto__', 'unknown-field@metadata.__proto__', 'unknown-field@spec.constructor'])
  })
})

describe('wrong types and wrong kinds', () => {
  it('say what was expected and what was found', () => {
    const r = check(hep({expectedIPs: '10.0.0.1', ports: [{name: 'a', protocol: {}, port: 1}]}, {labels: ['a']}))
    const messages = Object.fromEntries(r.problems.map(p => [formatPath(p.path), `${p.code}: ${p.message}`]))
    expect(messages['spec.expectedIPs']).toBe('invalid-type: spec.expectedIPs must be a list, not the string "10.0.0.1"')
    expect(messages['metadata.labels']).toBe('invalid-type: metadata.labels must be a mapping, not a list')
    expect(messages['spec.ports[0].protocol']).toBe('invalid-type: spec.ports[0].protocol must be a string or an integer, not a mapping')
  })
  it('a resource that is not a mapping', () => {
    expect(check('text').problems.map(p => `${p.code}@${formatPath(p.path)}`)).toEqual(['invalid-type@'])
    expect(check(null).problems[0].message).toBe('the resource must be a mapping, not null')
  })
  it('apiVersion and kind must be exact', () => {
    expect(check(hep({}, {}, {apiVersion: 'projectcalico.org/v1', kind: 'hostendpoint'})).problems.map(p => p.code))
      .toEqual(['invalid-api-version', 'invalid-kind'])
  })
})

describe('positions', () => {
  it('are looked up only when there is a problem', () => {
    const valid = resourceFromValue(hep())
    validateResources([valid])
    expect(valid.asked).toEqual([])
    const invalid = resourceFromValue(hep({interfaceName: 'eth 0'}))
    const [r] = validateResources([invalid])
    expect(invalid.asked).toEqual(['value:["spec","interfaceName"]'])
    expect(r.problems[0]).toMatchObject({file: 'value.yaml', line: 12, column: 1, document: 0})
  })
  it('problems are sorted by position', () => {
    const source = resourceFromYaml('apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata: {name: A}\nspec:\n  ports: [{name: X, protocol: tcp, port: 0}]\n  node: node1\n  interfaceName: "eth*"\n')
    const [r] = validateResources([source])
    expect(r.problems.map(p => p.line)).toEqual([...r.problems.map(p => p.line ?? 0)].sort((a, b) => a - b))
    // The lints are about absent fields: their position falls back to spec's value (5:3).
    expect(r.problems.map(p => `${p.code} ${p.line}:${p.column}`)).toEqual(['invalid-name 3:18', 'no-allow-profile 5:3', 'no-expected-ips 5:3',
      'invalid-port-name 5:18', 'invalid-protocol 5:31', 'invalid-port 5:42', 'invalid-interface-name 7:18'])
  })
  it('a throwing locate falls back to the resource position', () => {
    const source = {...resourceFromValue(hep({node: 'Bad'})), locate: () => { throw new Error('boom') }}
    const [r] = validateResources([source])
    expect(r.problems[0]).toMatchObject({code: 'invalid-node', line: 1, column: 1})
  })
})
