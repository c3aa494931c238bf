import {readFileSync, readdirSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {PROBLEM_CODES} from '../../src/validation/validate-resources.js'

describe('problem codes', () => {
  it('every code the validation sources can emit is documented, and every documented code is used', () => {
    const used = new Set<string>()
    for (const folder of ['validation', 'manifest', 'cli']) {
      const dir = new URL(`../../src/${folder}/`, import.meta.url)
      for (const file of readdirSync(dir).filter(f => f.endsWith('.ts') && f !== 'problem-codes.ts' && f !== 'problem.ts')) {
        const text = readFileSync(new URL(file, dir), 'utf8')
        for (const m of text.matchAll(/(?:code: |this\.error\(|report\('(?:warning|error)', |\? |problem\(|inputProblem\(|new Stop\()'([a-z]+(?:-[a-z]+)+)'/g)) used.add(m[1])
      }
    }
    expect([...used].filter(code => !(code in PROBLEM_CODES))).toEqual([])
    expect(Object.keys(PROBLEM_CODES).filter(code => !used.has(code))).toEqual([])
  })
})
