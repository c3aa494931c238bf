import {describe, expect, it} from 'vitest'
import {JsonPathError, executeJsonPath, parseJsonPath} from '../../src/output/jsonpath.js'

/** The input used by kubectl's JSONPath documentation. */
const input = {
  kind: 'List',
  items: [
    {
      kind: 'None',
      metadata: {name: '127.0.0.1', labels: {'kubernetes.io/hostname': '127.0.0.1'}},
      status: {capacity: {cpu: '4'}, addresses: [{type: 'LegacyHostIP', address: '127.0.0.1'}]},
    },
    {
      kind: 'None',
      metadata: {name: '127.0.0.2'},
      status: {capacity: {cpu: '8'}, addresses: [{type: 'LegacyHostIP', address: '127.0.0.2'}, {type: 'another', address: '127.0.0.3'}]},
    },
  ],
  users: [
    {name: 'myself', user: {}},
    {name: 'e2e', user: {username: 'admin', password: 'secret'}},
  ],
}

const run = (template: string, data: unknown = input) => executeJsonPath(parseJsonPath(template), data)

describe('JSONPath (kubectl subset)', () => {
  it.each([
    ['kind is {.kind}', 'kind is List'],
    ['{.kind}', 'List'],
    ["{['kind']}", 'List'],
    ['{$.kind}', 'List'],
    ['{..name}', '127.0.0.1 127.0.0.2 myself e2e'],
    ['{.items[*].metadata.name}', '127.0.0.1 127.0.0.2'],
    ['{.users[0].name}', 'myself'],
    ['{.users[-1].name}', 'e2e'],
    ['{.users[0:1].name}', 'myself'],
    ['{.users[:].name}', 'myself e2e'],
    ["{.items[*]['metadata.name', 'kind']}", '127.0.0.1 127.0.0.2 None None'],
    ['{.users[?(@.name=="e2e")].user.password}', 'secret'],
    ["{.users[?(@.name!='e2e')].name}", 'myself'],
    ['{.users[?(@.user.username)].name}', 'e2e'],
    ['{.items[*].status.capacity}', '{"cpu":"4"} {"cpu":"8"}'],
    ['{.items[0].metadata.labels.kubernetes\\.io/hostname}', '127.0.0.1'],
    // As in client-go, a quoted name in brackets is a path: escape its dots instead.
    ["{.items[0].metadata.labels['kubernetes.io/hostname']}", ''],
    ['{.items[0].metadata.labels.kubernetes\\.io/hostname}', '127.0.0.1'],
    ['{range .items[*]}[{.metadata.name}, {.status.capacity.cpu}] {end}', '[127.0.0.1, 4] [127.0.0.2, 8] '],
    ["{range .items[*]}{.metadata.name}{'\\t'}{end}", '127.0.0.1\t127.0.0.2\t'],
    ['{range .items[*]}{range .status.addresses[*]}{.address}{","}{end}{"\\n"}{end}', '127.0.0.1,\n127.0.0.2,127.0.0.3,\n'],
    ['{.missing}', ''],
    ['{"\\u00e9\\"q\\""}', 'é"q"'],
    ['{.users[1].user}', '{"password":"secret","username":"admin"}'],
    ['{.items[*].status.addresses[?(@.type=="another")].address}', '127.0.0.3'],
  ])('%s', (template, expected) => {
    expect(run(template)).toBe(expected)
  })

  it('compares numbers in filters', () => {
    const data = {ports: [{name: 'a', port: 80}, {name: 'b', port: 443}]}
    // Integers are int64 in kubectl's unstructured objects, so (as in client-go) they compare with integers only.
    expect(run('{.ports[?(@.port > 100)].name}', data)).toBe('b')
    expect(run('{.ports[?(@.port==80)].name}', data)).toBe('a')
    expect(() => run('{.ports[?(@.port==80.0)].name}', data)).toThrow('incompatible types for comparison')
  })

  it.each([
    ['{.items[5].metadata.name}', 'array index out of bounds: index 5, length 2'],
    ['{.items[1:9]}', 'array index out of bounds: index 8, length 2'],
    ['{.items[1:0]}', 'starting index 1 is greater than ending index 0'],
    ['{.items[::0]}', 'step must be > 0'],
    ['{.items[0].metadata[0]}', 'map[string]interface {} is not array or slice'],
    ['{hello}', 'unrecognized identifier hello'],
    ['{end}', 'not in range, nothing to end'],
  ])('fails at run time as client-go does: %s', (template, message) => {
    expect(() => run(template)).toThrow(message)
  })

  it.each(['{.a', '{.a[}', '{.a[?(@.x ==)]}', '{"abc}', '{....a}', '{.a[x]}'])('rejects %s', template => {
    expect(() => parseJsonPath(template)).toThrow(JsonPathError)
  })
})
