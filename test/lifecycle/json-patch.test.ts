import {describe, expect, it} from 'vitest'

import {applyJsonPatch, JsonPatchError, parseJsonPatch, parsePointer} from '../../src/lifecycle/json-patch.js'

/** [document, patch, result] rows after the examples of RFC 6902 appendix A. */
const applies: [string, unknown, unknown[], unknown][] = [
  ['add an object member', {foo: 'bar'}, [{op: 'add', path: '/baz', value: 'qux'}], {foo: 'bar', baz: 'qux'}],
  ['add an array element', {foo: ['bar', 'baz']}, [{op: 'add', path: '/foo/1', value: 'qux'}], {foo: ['bar', 'qux', 'baz']}],
  ['add at the end with -', {foo: ['bar']}, [{op: 'add', path: '/foo/-', value: ['abc']}], {foo: ['bar', ['abc']]}],
  ['add at index length', {foo: ['bar']}, [{op: 'add', path: '/foo/1', value: 'x'}], {foo: ['bar', 'x']}],
  ['add replaces an existing member', {foo: 'bar'}, [{op: 'add', path: '/foo', value: 1}], {foo: 1}],
  ['add a nested member', {foo: 'bar'}, [{op: 'add', path: '/child', value: {grandchild: {}}}], {foo: 'bar', child: {grandchild: {}}}],
  ['add the whole document', {foo: 'bar'}, [{op: 'add', path: '', value: {baz: 1}}], {baz: 1}],
  ['add a null value', {}, [{op: 'add', path: '/a', value: null}], {a: null}],
  ['remove an object member', {baz: 'qux', foo: 'bar'}, [{op: 'remove', path: '/baz'}], {foo: 'bar'}],
  ['remove an array element', {foo: ['bar', 'qux', 'baz']}, [{op: 'remove', path: '/foo/1'}], {foo: ['bar', 'baz']}],
  ['replace a value', {baz: 'qux', foo: 'bar'}, [{op: 'replace', path: '/baz', value: 'boo'}], {baz: 'boo', foo: 'bar'}],
  ['replace an array element', {a: [1, 2, 3]}, [{op: 'replace', path: '/a/1', value: 9}], {a: [1, 9, 3]}],
  ['move a value', {foo: {bar: 'baz', waldo: 'fred'}, qux: {corge: 'grault'}}, [{op: 'move', from: '/foo/waldo', path: '/qux/thud'}],
    {foo: {bar: 'baz'}, qux: {corge: 'grault', thud: 'fred'}}],
  ['move an array element', {foo: ['all', 'grass', 'cows', 'eat']}, [{op: 'move', from: '/foo/1', path: '/foo/3'}], {foo: ['all', 'cows', 'eat', 'grass']}],
  ['move to itself', {a: 1}, [{op: 'move', from: '/a', path: '/a'}], {a: 1}],
  ['copy a value', {a: {b: [1]}}, [{op: 'copy', from: '/a', path: '/c'}], {a: {b: [1]}, c: {b: [1]}}],
  ['test then act', {baz: 'qux', foo: ['a', 2, 'c']}, [{op: 'test', path: '/baz', value: 'qux'}, {op: 'test', path: '/foo/1', value: 2}, {op: 'remove', path: '/baz'}],
    {foo: ['a', 2, 'c']}],
  ['test compares structurally, key order aside', {a: {x: 1, y: [1, 2]}}, [{op: 'test', path: '/a', value: {y: [1, 2], x: 1}}], {a: {x: 1, y: [1, 2]}}],
  ['~1 and ~0 escapes', {'a/b': 1, 'm~n': 2}, [{op: 'replace', path: '/a~1b', value: 3}, {op: 'remove', path: '/m~0n'}], {'a/b': 3}],
  ['~01 is ~1, not /', {'~1': 1}, [{op: 'remove', path: '/~01'}], {}],
  ['the empty key', {'': 1}, [{op: 'replace', path: '/', value: 2}], {'': 2}],
  ['__proto__ is data', {}, [{op: 'add', path: '/__proto__', value: {polluted: true}}], JSON.parse('{"__proto__":{"polluted":true}}')],
  ['unknown members are ignored', {a: 1}, [{op: 'replace', path: '/a', value: 2, note: 'ignored'}], {a: 2}],
]

describe('applyJsonPatch (RFC 6902)', () => {
  for (const [title, doc, patch, result] of applies) {
    it(title, () => {
      const before = JSON.stringify(doc)
      const out = applyJsonPatch(doc, parseJsonPatch(patch))
      expect(out).toEqual(result)
      expect(JSON.stringify(doc)).toBe(before)
    })
  }
  it('never changes a prototype', () => {
    applyJsonPatch({}, parseJsonPatch([{op: 'add', path: '/__proto__', value: {polluted: true}}, {op: 'add', path: '/__proto__/x', value: 1}]))
    expect(({} as {polluted?: boolean}).polluted).toBeUndefined()
  })

  /** [title, document, patch, message] for operations that cannot apply. */
  const fails: [string, unknown, unknown[], string][] = [
    ['a missing member', {a: 1}, [{op: 'replace', path: '/b', value: 1}], 'patch[0] (replace /b): /b does not exist'],
    ['a missing parent', {a: 1}, [{op: 'add', path: '/x/y', value: 1}], 'patch[0] (add /x/y): /x does not exist'],
    ['remove of a missing member', {a: 1}, [{op: 'test', path: '/a', value: 1}, {op: 'remove', path: '/b'}], 'patch[1] (remove /b): /b does not exist'],
    ['an index past the end', {a: [1]}, [{op: 'add', path: '/a/2', value: 1}], 'patch[0] (add /a/2): index 2 is out of range: the array has 1 item(s)'],
    ['- outside add', {a: [1]}, [{op: 'replace', path: '/a/-', value: 1}], 'patch[0] (replace /a/-): "-" is not an array index'],
    ['a leading zero', {a: [1, 2]}, [{op: 'remove', path: '/a/01'}], 'patch[0] (remove /a/01): "01" is not an array index'],
    ['a failed test', {a: 'x'}, [{op: 'test', path: '/a', value: 'y'}], 'patch[0] (test /a): test failed: the value is "x", the patch expects "y"'],
    ['a test of a missing path', {}, [{op: 'test', path: '/a', value: null}], 'patch[0] (test /a): /a does not exist'],
    ['move into itself', {a: {b: 1}}, [{op: 'move', from: '/a', path: '/a/b/c'}], 'patch[0] (move /a to /a/b/c): /a cannot be moved into itself'],
    ['copy from nowhere', {}, [{op: 'copy', from: '/x', path: '/y'}], 'patch[0] (copy /x to /y): /x does not exist'],
    ['remove the document', {}, [{op: 'remove', path: ''}], 'patch[0] (remove ): the whole document cannot be removed'],
    ['a scalar parent', {a: 'x'}, [{op: 'add', path: '/a/b', value: 1}], 'patch[0] (add /a/b): the parent of the target is "x", not an object or an array'],
  ]
  for (const [title, doc, patch, message] of fails) {
    it(`refuses ${title}, naming the operation and its path`, () => {
      const before = JSON.stringify(doc)
      let caught: unknown
      try {
        applyJsonPatch(doc, parseJsonPatch(patch))
      } catch (error) {
        caught = error
      }
      expect(caught).toBeInstanceOf(JsonPatchError)
      expect((caught as Error).message).toBe(message)
      expect(JSON.stringify(doc)).toBe(before)
    })
  }
})

describe('parseJsonPatch', () => {
  const bad: [unknown, string][] = [
    [{op: 'add'}, 'a JSON patch is an array of operations'],
    [[1], 'patch[0]: an operation is an object with "op" and "path"; found 1'],
    [[{op: 'merge', path: '/a'}], 'patch[0]: "op" must be one of add, remove, replace, move, copy, test; found "merge"'],
    [[{path: '/a'}], '"op" must be one of'],
    [[{op: 'add', path: '/a', value: 1}, {op: 'add', path: '/b'}], 'patch[1] (add /b): "value" is missing'],
    [[{op: 'remove'}], 'patch[0] (remove): "path" must be a JSON Pointer string; found nothing'],
    [[{op: 'remove', path: 'spec/node'}], 'patch[0] (remove spec/node): "path": "spec/node" is not a JSON Pointer: it must be empty or start with "/"'],
    [[{op: 'remove', path: '/a~2'}], '"~" must be followed by 0 or 1'],
    [[{op: 'move', path: '/a'}], 'patch[0] (move): "from" must be a JSON Pointer string'],
  ]
  for (const [patch, message] of bad) {
    it(`refuses ${JSON.stringify(patch)}`, () => {
      expect(() => parseJsonPatch(patch)).toThrow(message)
    })
  }

  it('reads pointers as RFC 6901 does', () => {
    expect(parsePointer('')).toEqual([])
    expect(parsePointer('/')).toEqual([''])
    expect(parsePointer('/a~1b/m~0n/~01')).toEqual(['a/b', 'm~n', '~1'])
  })
})
