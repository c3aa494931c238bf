import {describe, expect, it} from 'vitest'
import {validateObject, validateResources} from '../../src/validation/validate-resources.js'
import {hep} from './helpers.js'
import {resourceFromYaml} from './yaml-resource.js'
import {formatPath} from '../../src/problem/path-text.js'

const one = (yaml: string, strict = false) => validateResources([resourceFromYaml(yaml)], {strict})[0]
const brief = (r: ReturnType<typeof one>) => r.problems.map(p => `${p.severity} ${p.code}@${formatPath(p.path)} ${p.line}:${p.column}`)

describe('field names are matched case-insensitively, as calicoctl does', () => {
  const yaml = `apiVersion: projectcalico.org/v3
kind: HostEndpoint
Metadata:
  name: web-1
Spec:
  NODE: node1
  InterfaceName: eth0
  expectedIPs: [10.0.0.1]
  profiles: [projectcalico-default-allow]
`
  it('reads the fields under their canonical names', () => {
    const r = one(yaml)
    expect(r.object?.spec).toEqual({node: 'node1', interfaceName: 'eth0', expectedIPs: ['10.0.0.1'], profiles: ['projectcalico-default-allow']})
    expect(r.object?.metadata.name).toBe('web-1')
    expect(Object.keys(r.object ?? {})).toEqual(['apiVersion', 'kind', 'metadata', 'spec'])
  })
  it('warns at each key, with its position', () => {
    expect(brief(one(yaml))).toEqual([
      'warning field-name-case@metadata 3:1',
      'warning field-name-case@spec 5:1',
      'warning field-name-case@spec.node 6:3',
      'warning field-name-case@spec.interfaceName 7:3',
    ])
    expect(one(yaml).problems[3].message).toMatch(/"InterfaceName" is read as "interfaceName"/)
  })
  it('locates later problems through renamed keys', () => {
    const r = one(yaml.replace('InterfaceName: eth0', 'InterfaceName: eth*'))
    const p = r.problems.find(x => x.code === 'invalid-interface-name')
    expect(p).toMatchObject({path: ['spec', 'interfaceName'], line: 7, column: 18, file: 'test.yaml', document: 0, resource: 'web-1'})
  })
  it('two keys for one field are an error', () => {
    const r = one(`apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: a}
spec:
  node: n1
  Node: n2
  expectedIPs: [10.0.0.1]
  profiles: [projectcalico-default-allow]
`)
    expect(brief(r)).toEqual(['error duplicate-field@spec.node 6:3'])
    expect(r.object).toBeUndefined()
  })
})

describe('numbers and booleans where a string belongs', () => {
  it('become Go strings, with a warning at the value', () => {
    const r = one(`apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: a
  labels: {version: 1.10, enabled: yes, count: 42}
  annotations: {ratio: 1.5}
spec:
  node: 1000
  interfaceName: 123
  profiles: [projectcalico-default-allow]
`)
    expect(r.object?.metadata.labels).toEqual({version: '1.1', enabled: 'true', count: '42'})
    expect(r.object?.metadata.annotations).toEqual({ratio: '1.5'})
    expect(r.object?.spec.node).toBe('1000')
    expect(r.object?.spec.interfaceName).toBe('123')
    expect(brief(r)).toEqual([
      'warning scalar-converted@metadata.labels.version 5:21',
      'warning scalar-converted@metadata.labels.enabled 5:36',
      'warning scalar-converted@metadata.labels.count 5:48',
      'warning scalar-converted@metadata.annotations.ratio 6:24',
      // expectedIPs is absent: the position falls back to spec's value.
      'warning no-expected-ips@spec.expectedIPs 8:3',
      'warning scalar-converted@spec.node 8:9',
      'warning scalar-converted@spec.interfaceName 9:18',
    ])
    expect(r.problems.find(p => formatPath(p.path) === 'metadata.labels.enabled')?.message).toMatch(/boolean true.*yes\/no.*string "true"/)
  })
  it('converts list items too', () => {
    const r = validateObject(hep({interfaceName: undefined, expectedIPs: ['10.0.0.1'], profiles: ['projectcalico-default-allow', 12]}))
    expect(r.object?.spec.profiles).toEqual(['projectcalico-default-allow', '12'])
    expect(r.problems.map(p => `${p.code}@${formatPath(p.path)}`)).toEqual(['scalar-converted@spec.profiles[1]'])
  })
})

describe('protocol keeps its own rules', () => {
  it('a quoted number becomes the number, with a warning', () => {
    const r = validateObject(hep({ports: [{name: 'a', protocol: '6', port: 1}, {name: 'b', protocol: '017', port: 2}]}))
    expect(r.object?.spec.ports?.map(p => p.protocol)).toEqual([6, 17])
    expect(r.problems.map(p => `${p.severity} ${p.code}@${formatPath(p.path)}`)).toEqual([
      'warning scalar-converted@spec.ports[0].protocol', 'warning scalar-converted@spec.ports[1].protocol'])
  })
  it('a number stays a number, names stay names', () => {
    const r = validateObject(hep({ports: [{name: 'a', protocol: 132, port: 1}, {name: 'b', protocol: 'UDP', port: 2}]}))
    expect(r.problems).toEqual([])
    expect(r.object?.spec.ports?.map(p => p.protocol)).toEqual([132, 'UDP'])
  })
})

describe('null or empty means absent', () => {
  it('drops null and empty optional fields', () => {
    const r = validateObject(hep({ports: null, interfaceName: ''}, {labels: {}, annotations: null, uid: ''}))
    expect(r.problems.map(p => p.code)).toEqual([])
    expect(r.object?.spec).toEqual({node: 'node1', expectedIPs: ['10.0.0.1'], profiles: ['projectcalico-default-allow']})
    expect(r.object?.metadata).toEqual({name: 'node1-eth0'})
  })
  it('a null spec is a missing spec', () => {
    expect(validateObject({apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: {name: 'a'}, spec: null})
      .problems.map(p => `${p.code}@${formatPath(p.path)}`)).toEqual(['missing-field@spec'])
  })
  it('a null label value is the empty string', () => {
    expect(validateObject(hep({}, {labels: {a: null}})).object?.metadata.labels).toEqual({a: ''})
  })
})

describe('a canonical resource is not copied', () => {
  it('returns the input object itself when nothing needs normalizing', () => {
    const value = hep()
    expect(validateObject(value).object).toBe(value)
  })
  it('never changes the input when normalizing', () => {
    const value = hep({Node: 7, node: undefined})
    const before = JSON.stringify(value)
    const r = validateObject(value)
    expect(r.object?.spec.node).toBe('7')
    expect(JSON.stringify(value)).toBe(before)
  })
})
