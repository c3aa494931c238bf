import {describe, expect, it} from 'vitest'

import {LabelSelectorSyntaxError, parseLabelSelector} from '../../src/model/label-selector.js'

const labels = {tier: 'web', env: 'prod', 'example.com/team': 'a', empty: '', n: '7'}

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
    ['empty in ()', true, false],
    ['tier notin ( )', true, true],
    ['n>1', true, false],
    ['n>7', false, false],
    ['n<8', true, false],
    ['n<3', false, false],
    ['tier>1', false, false],
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
    ['tier==web', 'tier==web'],
    ['x>1,a<0', 'a<0,x>1'],
    ['x in ()', 'x in ()'],
    ['x notin ( )', 'x notin ()'],
    ['in in (in,notin)', 'in in (in,notin)'],
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

describe('parseLabelSelector: syntax errors in the API server\'s words', () => {
  const table: [string, string][] = [
    ['tier in web', "unable to parse requirement: found 'web' expected: '('"],
    ['tier in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['tier in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['tier in (,', "unable to parse requirement: found '', expected: ',', or identifier"],
    ['tier in ((', "unable to parse requirement: found '(', expected: ',', ')' or identifier"],
    ['tier=web env=prod', "found 'env', expected: ',' or 'end of string'"],
    ['tier=web,', "found '', expected: identifier after ','"],
    [',tier', "found ',', expected: !, identifier, or 'end of string'"],
    ['tier foo', "unable to parse requirement: found 'foo', expected: '=', '!=', '==', 'in', notin'"],
    ['!tier=web', "found '=', expected: ',' or 'end of string'"],
    ['!', "unable to parse requirement: found '', expected: identifier"],
    ['tier=(web)', "unable to parse requirement: found '(', expected: identifier"],
    ['x>a', "unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer"],
    ['x<99999999999999999999', "unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer"],
    ['-bad=1', 'unable to parse requirement: invalid label key "-bad": '],
    ['a/b/c=1', 'unable to parse requirement: invalid label key "a/b/c": '],
    ['tier=-web', 'unable to parse requirement: invalid label value: "-web": at key: "tier": '],
    ['x<-1', 'unable to parse requirement: invalid label value: "-1": at key: "x": '],
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
      expect((error as Error).message.startsWith(`invalid label selector ${JSON.stringify(selector)}: ${message}`), (error as Error).message).toBe(true)
    })
  }
})
