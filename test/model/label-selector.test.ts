import {describe, expect, it} from 'vitest'

import {LabelSelectorSyntaxError, parseLabelSelector} from '../../src/model/label-selector.js'

const labels = {tier: 'web', env: 'prod', 'example.com/team': 'a', empty: ''}

describe('parseLabelSelector: matching', () => {
  // [selector, matches `labels`, matches an object without labels]
  const table: [string, boolean, boolean][] = [
    ['', true, true],
    ['   ', true, true],
    ['tier=web', true, false],
    ['tier==web', true, false],
    ['tier = web', true, false],
    ['tier=db', false, false],
    ['tier!=db', true, true],
    ['tier!=web', false, true],
    ['missing!=x', true, true],
    ['tier', true, false],
    ['!tier', false, true],
    ['! tier', false, true],
    ['!missing', true, true],
    ['tier in (web,db)', true, false],
    ['tier in ( db , web )', true, false],
    ['tier in (db)', false, false],
    ['tier notin (db)', true, true],
    ['tier notin (web)', false, true],
    ['missing notin (web)', true, true],
    ['tier=web,env=prod', true, false],
    ['tier=web , env=dev', false, false],
    ['example.com/team=a', true, false],
    ['empty=', true, false],
    ['empty in (,x)', true, false],
    ['tier=web,!missing,env in (prod),example.com/team', true, false],
  ]
  for (const [selector, withLabels, withoutLabels] of table) {
    it(`${JSON.stringify(selector)} → ${withLabels}/${withoutLabels}`, () => {
      const parsed = parseLabelSelector(selector)
      expect(parsed.matches(labels)).toBe(withLabels)
      expect(parsed.matches(undefined)).toBe(withoutLabels)
      expect(parsed.matches({})).toBe(withoutLabels)
    })
  }
})

describe('parseLabelSelector: canonical text', () => {
  const table: [string, string][] = [
    ['', ''],
    ['tier==web', 'tier=web'],
    [' tier = web ', 'tier=web'],
    ['tier!=web', 'tier!=web'],
    ['tier in (web, db,web)', 'tier in (db,web)'],
    ['tier notin (b,a)', 'tier notin (a,b)'],
    ['! tier', '!tier'],
    ['z=1,a', 'a,z=1'],
    ['empty=', 'empty='],
  ]
  for (const [selector, text] of table) {
    it(`${JSON.stringify(selector)} → ${JSON.stringify(text)}`, () => {
      expect(parseLabelSelector(selector).text).toBe(text)
    })
  }
  it('round-trips: the canonical text parses to the same text', () => {
    const text = parseLabelSelector('b in (y,x), a!=1, !c, d').text
    expect(parseLabelSelector(text).text).toBe(text)
  })
})

describe('parseLabelSelector: syntax errors say what was expected where', () => {
  const table: [string, RegExp][] = [
    ['tier in web', /expected "\(" after "tier in" at column 9, found "web"/],
    ['tier in ()', /expected at least one value in the value set of "tier in" at column 10, found "\)"/],
    ['tier in (a b)', /expected "," or "\)" in the value set of "tier" at column 12, found "b"/],
    ['tier in (a', /expected "," or "\)" in the value set of "tier" at column 11, found end of input/],
    ['tier=web env=prod', /expected "," between requirements or end of input at column 10, found "env"/],
    ['tier=web,', /expected a label key at column 10, found end of input/],
    [',tier', /expected a label key at column 1, found ","/],
    ['tier foo', /expected one of "=", "==", "!=", "in", "notin", "," or end of input after label key "tier" at column 6, found "foo"/],
    ['!tier=web', /expected "," or end of input after "!tier" at column 6, found "="/],
    ['tier=(web)', /expected a label value after "tier=" at column 6, found "\("/],
    ['Bad Key=1', /expected one of .* found "Key"/],
    ['-bad=1', /invalid label key "-bad" at column 1/],
    ['a/b/c=1', /invalid label key "a\/b\/c".*at most one "\/"/],
    ['tier=-web', /invalid label value "-web" at column 6/],
    [`tier=${'v'.repeat(64)}`, /at most 63 characters/],
  ]
  for (const [selector, message] of table) {
    it(JSON.stringify(selector), () => {
      let error: unknown
      try {
        parseLabelSelector(selector)
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(LabelSelectorSyntaxError)
      expect((error as Error).message).toMatch(message)
      expect((error as Error).message).toContain(`invalid label selector ${JSON.stringify(selector)}`)
    })
  }
})
