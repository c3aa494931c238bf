import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {PROBLEM_CODES} from '../../src/problem/problem-codes.js'

/** The rows of the README's problem-code table: code, default severity, meaning. */
function readmeTable(): string[][] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const section = readme.split(/^## Problem codes$/m)[1]?.split(/^## /m)[0] ?? ''
  return section.split('\n')
    .filter(line => /^\| `[a-z-]+` \|/.test(line))
    .map(line => line.slice(1, -1).split(' | ').map(cell => cell.trim()))
}

describe('problem codes', () => {
  // That every code made is one of PROBLEM_CODES is the compiler's job (ProblemCode is the union of its keys).
  it('the README lists exactly the codes of PROBLEM_CODES, with their severity and meaning', () => {
    const rows = readmeTable()
    expect(rows.map(([code]) => code.replace(/`/g, ''))).toEqual(Object.keys(PROBLEM_CODES))
    for (const [code, severity, meaning] of rows) {
      const info = PROBLEM_CODES[code.replace(/`/g, '') as keyof typeof PROBLEM_CODES]
      expect([severity, meaning], code).toEqual([info.severity, info.summary])
    }
  })
})
