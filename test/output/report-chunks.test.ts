import {describe, expect, it} from 'vitest'
import {CHUNK_CHARS, jsonChunks} from '../../src/output/json-chunks.js'
import {jsonReportChunks, validationReportJson} from '../../src/output/report-json.js'
import {renderValidationReport, renderValidationReportChunks} from '../../src/output/report-render.js'
import {sarifLog, sarifReportChunks} from '../../src/output/report-sarif.js'
import {formatTextReport, textReportChunks} from '../../src/output/report-text.js'
import {buildValidationReport, type ValidationReport} from '../../src/output/validation-report.js'
import type {Problem} from '../../src/problem/problem.js'

/** One resource with `n` problems: a report whose text is far larger than one chunk. */
function large(n: number): ValidationReport {
  const problems: Problem[] = []
  for (let i = 0; i < n; i++) {
    problems.push({severity: i % 7 === 0 ? 'warning' : 'error', code: 'invalid-port', path: ['spec', 'ports', i, 'port'],
      file: 'big.yaml', line: i + 1, column: 11, message: `port ${i} "quoted" must be between 1 and 65535`})
  }
  return buildValidationReport([{file: 'big.yaml', document: 0, line: 1, column: 1, name: 'big', problems},
    {file: 'big.yaml', document: 1, line: 2, column: 1, name: 'ok', problems: []}], [], 1)
}

/** Take every chunk, checking that none is much longer than the bound. */
function chunks(source: Iterable<string>): string[] {
  const out: string[] = []
  for (const chunk of source) {
    expect(chunk.length).toBeLessThan(CHUNK_CHARS + 4096)
    out.push(chunk)
  }
  return out
}

describe('streamed reports', () => {
  it('jsonChunks is JSON.stringify(value, null, 2) + newline, byte for byte', () => {
    const values: unknown[] = [
      {}, [], null, 'a\nb', 5, {a: [], b: {}, c: [1, [2, []], {d: [null, undefined, 'x']}], e: undefined, f: {g: [{h: 1}]}},
      [[], [[]], {}, {k: [{}]}, true], {'we"ird\nkey': [1]},
    ]
    for (const value of values) expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(value, null, 2) + '\n')
  })

  it('json, sarif and text reports come in bounded chunks with the same text as one string', () => {
    const report = large(20_000)
    const json = chunks(jsonReportChunks(report))
    expect(json.length).toBeGreaterThan(10)
    expect(json.join('')).toBe(JSON.stringify(validationReportJson(report), null, 2) + '\n')
    const options = {toolVersion: '1.2.3', baseDir: '/repo'}
    const sarif = chunks(sarifReportChunks(report, options))
    expect(sarif.length).toBeGreaterThan(10)
    expect(sarif.join('')).toBe(JSON.stringify(sarifLog(report, options), null, 2) + '\n')
    const text = chunks(textReportChunks(report))
    expect(text.length).toBeGreaterThan(10)
    expect(text.join('')).toBe(formatTextReport(report))
    expect(text.join('').split('\n').length).toBe(20_000 + 2)
    for (const format of ['text', 'json', 'sarif'] as const) {
      const streamed = chunks(renderValidationReportChunks(report, format))
      expect(streamed.length).toBeGreaterThan(10)
      expect(streamed.join('')).toBe(renderValidationReport(report, format))
    }
  })
})
