import {describe, expect, it} from 'vitest'

import {applyMergePatch} from '../../src/lifecycle/merge-patch.js'

describe('applyMergePatch (RFC 7386)', () => {
  // [target, patch, result]
  const table: [unknown, unknown, unknown][] = [
    [{a: 'b'}, {a: 'c'}, {a: 'c'}],
    [{a: 'b'}, {b: 'c'}, {a: 'b', b: 'c'}],
    [{a: 'b'}, {a: null}, {}],
    [{a: 'b', b: 'c'}, {a: null}, {b: 'c'}],
    [{a: ['b']}, {a: 'c'}, {a: 'c'}],
    [{a: 'c'}, {a: ['b']}, {a: ['b']}],
    [{a: {b: 'c'}}, {a: {b: 'd', c: null}}, {a: {b: 'd'}}],
    [{a: [{b: 'c'}]}, {a: [1]}, {a: [1]}],
    [['a', 'b'], ['c', 'd'], ['c', 'd']],
    [{a: 'b'}, ['c'], ['c']],
    [{a: 'foo'}, null, null],
    [{a: 'foo'}, 'bar', 'bar'],
    [{e: null}, {a: 1}, {e: null, a: 1}],
    [[1, 2], {a: 'b', c: null}, {a: 'b'}],
    [{}, {a: {bb: {ccc: null}}}, {a: {bb: {}}}],
  ]
  for (const [target, patch, result] of table) {
    it(`${JSON.stringify(target)} + ${JSON.stringify(patch)}`, () => {
      const before = JSON.stringify(target)
      expect(applyMergePatch(target, patch)).toEqual(result)
      expect(JSON.stringify(target)).toBe(before)
    })
  }

  it('treats __proto__ as an ordinary key', () => {
    const patch = JSON.parse('{"__proto__": {"polluted": "yes"}}') as unknown
    const result = applyMergePatch({}, patch) as Record<string, unknown>
    expect(Object.prototype.hasOwnProperty.call(result, '__proto__')).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype)
  })
})
