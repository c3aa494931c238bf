import {readFileSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import {
  EMPTY_SELECTOR_MEANING,
  globalPlacementProblem,
  type SelectorPlace,
  labelMap,
  MAX_LABEL_LENGTH,
  parseSelector,
  SelectorSyntaxError,
  selectorProblem,
  tokenize,
} from '../../src/policy/selector/index.js'

type LabelRow = Record<string, string>
const load = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8')) as T

const parser = load<{
  selectorTests: {sel: string; match: LabelRow[]; noMatch: LabelRow[]}[]
  badSelectors: string[]
  canonicalisationTests: {input: string; canonical: string; uid?: string}[]
  visitorCanonicalForms: {input: string; canonical: string}[]
}>('selector-parser-cases.json')
const tokenizer = load<{tokenTests: {input: string; tokens: [string, string?][] | null}[]}>('selector-tokenizer-cases.json')
const code = load<{
  valid: {sel: string; canonical: string; match: LabelRow[]; noMatch: LabelRow[]}[]
  invalid: {sel: string; reason: string; offset: number}[]
}>('selector-code-cases.json')

function expectMatches(sel: string, match: LabelRow[], noMatch: LabelRow[]) {
  const s = parseSelector(sel)
  const again = parseSelector(s.canonical)
  for (const labels of match) {
    expect(s.evaluate(labels), `${sel} on ${JSON.stringify(labels)}`).toBe(true)
    expect(s.matches(labelMap(labels))).toBe(true)
    expect(again.evaluate(labels)).toBe(true)
  }
  for (const labels of noMatch) {
    expect(s.evaluate(labels), `${sel} on ${JSON.stringify(labels)}`).toBe(false)
    expect(s.matches(labelMap(labels))).toBe(false)
    expect(again.evaluate(labels)).toBe(false)
  }
}

describe('selectors §1.3: upstream parser_test.go selectorTests', () => {
  parser.selectorTests.forEach((row, i) => {
    it(`row ${i}: ${JSON.stringify(row.sel)}`, () => {
      expect(selectorProblem(row.sel)).toBeUndefined()
      expectMatches(row.sel, row.match, row.noMatch)
    })
  })
})

describe('selectors §1.2: upstream parser_test.go badSelectors', () => {
  parser.badSelectors.forEach((sel, i) => {
    it(`row ${i}: ${JSON.stringify(sel)} is rejected by parse and validate`, () => {
      expect(() => parseSelector(sel)).toThrow(SelectorSyntaxError)
      const problem = selectorProblem(sel)
      expect(problem).toBeDefined()
      expect(problem!.offset).toBeGreaterThanOrEqual(0)
      expect(problem!.offset).toBeLessThanOrEqual(sel.length)
    })
  })
})

describe('selectors §1.4: upstream parser_test.go canonicalisationTests', () => {
  parser.canonicalisationTests.forEach((row, i) => {
    it(`row ${i}: ${JSON.stringify(row.input)} -> ${row.canonical}`, () => {
      const s = parseSelector(row.input)
      expect(s.canonical).toBe(row.canonical)
      const round = parseSelector(s.canonical)
      expect(round.canonical).toBe(s.canonical)
      expect(round.uniqueId).toBe(s.uniqueId)
      if (row.uid) expect(s.uniqueId).toBe(row.uid)
    })
  })
  parser.visitorCanonicalForms.forEach((row, i) => {
    it(`visitor table row ${i} (without the prefix): ${row.input}`, () => {
      expect(parseSelector(row.input).canonical).toBe(row.canonical)
    })
  })
})

describe('selectors §1.1: upstream tokenizer_test.go tokenTests', () => {
  tokenizer.tokenTests.forEach((row, i) => {
    it(`row ${i}: ${JSON.stringify(row.input)}`, () => {
      if (row.tokens === null) {
        expect(() => tokenize(row.input)).toThrow(SelectorSyntaxError)
        return
      }
      const got = tokenize(row.input).map((t) => (t.value === undefined ? [t.kind] : [t.kind, t.value]))
      expect(got).toEqual(row.tokens)
    })
  })
})

describe('selectors §1.1-§1.3: rows derived from the code', () => {
  code.valid.forEach((row, i) => {
    it(`valid ${i}: ${JSON.stringify(row.sel)}`, () => {
      expect(parseSelector(row.sel).canonical).toBe(row.canonical)
      expectMatches(row.sel, row.match, row.noMatch)
    })
  })
  code.invalid.forEach((row, i) => {
    it(`invalid ${i}: ${JSON.stringify(row.sel)} -> ${row.reason} at ${row.offset}`, () => {
      expect(selectorProblem(row.sel)).toEqual({reason: row.reason, offset: row.offset})
    })
  })

  it('§1.1 a label of 512 bytes is accepted and one of 513 is too long', () => {
    const ok = 'a'.repeat(MAX_LABEL_LENGTH)
    expect(selectorProblem(`has(${ok})`)).toBeUndefined()
    expect(selectorProblem(`${ok} == "x"`)).toBeUndefined()
    expect(selectorProblem(`${ok}a == "x"`)?.reason).toMatch(/^label too long: /)
    expect(selectorProblem(`has(${ok}a)`)?.reason).toMatch(/^label too long: /)
  })

  it('§1.1 token offsets point at each token', () => {
    expect(tokenize('a == "b" && !has(c)').map((t) => t.offset)).toEqual([0, 2, 5, 9, 12, 13, 19])
  })

  it('§1.2 an error message names the offset and the selector', () => {
    const err = (() => {
      try {
        parseSelector('a == b')
      } catch (e) {
        return e as SelectorSyntaxError
      }
    })()
    expect(err?.offset).toBe(5)
    expect(err?.message).toContain('offset 5')
  })
})

describe('selectors §1.6: upstream validator_test.go global() entries', () => {
  const v = load<{rows: {entry: string; place: SelectorPlace; text: string; valid: boolean; reason?: string}[]}>('selector-validator-cases.json')
  v.rows.forEach((row, i) => {
    it(`row ${i}: ${row.entry}`, () => {
      const problem = selectorProblem(row.text) ?? globalPlacementProblem(row.place, row.text)
      if (row.valid) expect(problem).toBeUndefined()
      else expect(problem).toBeDefined()
      if (row.reason) expect(globalPlacementProblem(row.place, row.text)).toBe(row.reason)
    })
  })
  it('§1.5 every place has a documented empty-selector meaning', () => {
    expect(Object.keys(EMPTY_SELECTOR_MEANING).sort()).toEqual(
      ['policy.namespaceSelector', 'policy.selector', 'policy.serviceAccountSelector', 'rule.namespaceSelector', 'rule.notSelector', 'rule.selector'],
    )
    expect(parseSelector('').canonical).toBe('all()')
  })
})
