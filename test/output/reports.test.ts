import {readFileSync} from 'node:fs'
import {Ajv} from 'ajv'
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {describe, expect, it} from 'vitest'
import {formatGithubReport, escapeData, escapeProperty} from '../../src/output/report-github.js'
import {formatJsonReport} from '../../src/output/report-json.js'
import {formatJunitReport} from '../../src/output/report-junit.js'
import {formatSarifReport} from '../../src/output/report-sarif.js'
import {formatTextReport} from '../../src/output/report-text.js'
import {loadColours} from '../../src/output/colour.js'
import {renderValidationReport} from '../../src/output/report-render.js'
import {buildValidationReport, type ValidationReport} from '../../src/output/validation-report.js'
import type {Problem} from '../../src/problem/problem.js'

const HOSTILE = 'bad <tag> & "quote" \'apos\' \u0001ctl\u001b[31m 100% a:b,c\r\nnext ]]> \ud800'

function sample(): ValidationReport {
  const iface: Problem = {
    severity: 'error', code: 'invalid-interface-name', path: ['spec', 'interfaceName'], file: 'b.yaml', line: 7, column: 18,
    message: "interfaceName 'wibblywobblyeth0' is not a valid interface name",
  }
  const port: Problem = {severity: 'error', code: 'invalid-port', path: ['spec', 'ports', 0, 'port'], file: 'b.yaml', line: 4, column: 11, message: 'port 0 must be between 1 and 65535'}
  const warn: Problem = {severity: 'warning', code: 'no-allow-profile', path: ['spec', 'profiles', 0], message: 'allows all traffic'}
  const syntax: Problem = {severity: 'error', code: 'yaml-syntax', path: [], file: 'c.yaml', line: 2, column: 1, document: 0, message: 'bad indentation'}
  return buildValidationReport([
    {file: 'a.yaml', document: 0, line: 1, column: 1, name: 'ok', problems: []},
    {file: 'b.yaml', document: 0, line: 1, column: 1, name: 'bad', problems: [iface, port]},
    {file: 'b.yaml', document: 1, line: 12, column: 1, name: 'warned', problems: [warn]},
  ], [syntax], 3)
}

function hostile(): ValidationReport {
  const p: Problem = {severity: 'error', code: 'invalid-name', path: ['metadata', 'labels', HOSTILE], file: 'dir/we ird,f:ile%.yaml', line: 3, column: 5, message: HOSTILE}
  return buildValidationReport([{file: 'dir/we ird,f:ile%.yaml', document: 2, line: 1, column: 1, problems: [p]}], [], 1)
}

describe('path suffix', () => {
  it('is left out when the message already starts with the path', () => {
    const r = buildValidationReport([{file: 'a.yaml', document: 0, line: 1, column: 1, problems: [
      {severity: 'error', code: 'invalid-port', path: ['spec', 'ports', 0, 'port'], message: 'spec.ports[0].port 0 is out of range', line: 9, column: 11},
    ]}], [], 1)
    expect(formatTextReport(r, {summary: false})).toBe('a.yaml:9:11: error [invalid-port] spec.ports[0].port 0 is out of range\n')
    expect(formatGithubReport(r, {summary: false})).toBe('::error file=a.yaml,line=9,col=11,title=hepctl invalid-port::spec.ports[0].port 0 is out of range\n')
  })
})

describe('summary', () => {
  it('counts resources, validity and severities', () => {
    expect(sample().summary).toEqual({files: 3, resources: 3, valid: 2, invalid: 1, errors: 3, warnings: 1})
  })
})

describe('text reporter', () => {
  it('prints one line per problem, sorted by file then line, then the summary', () => {
    expect(formatTextReport(sample())).toBe(
      'b.yaml:4:11: error [invalid-port] port 0 must be between 1 and 65535 (spec.ports[0].port)\n' +
      "b.yaml:7:18: error [invalid-interface-name] interfaceName 'wibblywobblyeth0' is not a valid interface name (spec.interfaceName)\n" +
      'b.yaml:12:1: warning [no-allow-profile] allows all traffic (spec.profiles[0])\n' +
      'c.yaml:2:1: error [yaml-syntax] bad indentation\n' +
      '3 errors, 1 warning in 3 resources (1 invalid) from 3 files\n')
  })

  it('adds a code frame with a caret under the column when given source lines', () => {
    const lines: Record<string, string[]> = {'b.yaml': ['', '', '', '  - port: 0', '', '', '  interfaceName: wibblywobblyeth0']}
    const text = formatTextReport(sample(), {sourceLine: (f, l) => lines[f]?.[l - 1]})
    expect(text).toContain(
      "b.yaml:7:18: error [invalid-interface-name] interfaceName 'wibblywobblyeth0' is not a valid interface name (spec.interfaceName)\n" +
      '  7 |   interfaceName: wibblywobblyeth0\n' +
      '    |                  ^\n')
    expect(text).toContain('  4 |   - port: 0\n    |           ^\n')
  })

  it('colours severities when given a colouring chalk, and never lets control characters through', async () => {
    const coloured = formatTextReport(sample(), {colours: await loadColours(1)})
    expect(coloured).toContain('\x1b[31merror\x1b[39m')
    expect(coloured).toContain('\x1b[33mwarning\x1b[39m')
    const plain = formatTextReport(hostile())
    expect(plain).not.toMatch(/[\x00-\x08\x0b-\x1f]/)
    expect(plain).toContain('\\x1b[31m')
  })

  it('renderValidationReport: frames only when the stream is a TTY; summary can be left out', () => {
    const source = () => 'x'
    const piped = renderValidationReport(sample(), 'text', {stream: {isTTY: false}, sourceLine: source})
    expect(piped).toBe(formatTextReport(sample()))
    const tty = renderValidationReport(sample(), 'text', {stream: {isTTY: true}, sourceLine: source})
    expect(tty).toContain('    |  ')
    expect(tty).not.toContain('\x1b[')
    expect(renderValidationReport(sample(), 'text', {summary: false})).not.toContain('3 errors')
  })

  it('an all-valid report says so in its summary', () => {
    const r = buildValidationReport([{file: 'a.yaml', document: 0, line: 1, column: 1, name: 'x', problems: []}], [], 1)
    expect(formatTextReport(r)).toBe('0 errors, 0 warnings in 1 resource (0 invalid) from 1 file\n')
  })
})

describe('json reporter', () => {
  const schema = JSON.parse(readFileSync(new URL('../../schemas/validation-report.schema.json', import.meta.url), 'utf8'))
  const validate = new Ajv({strict: true, allErrors: true}).compile(schema)

  it('matches its published JSON Schema', () => {
    for (const report of [sample(), hostile(), buildValidationReport([], [], 0)]) {
      const value = JSON.parse(formatJsonReport(report))
      expect(validate(value), JSON.stringify(validate.errors)).toBe(true)
    }
  })

  it('holds every resource, its validity and problems, and the summary', () => {
    const value = JSON.parse(formatJsonReport(sample()))
    expect(value.apiVersion).toBe('hepctl/v1')
    expect(value.resources.map((r: {name: string; valid: boolean}) => [r.name, r.valid])).toEqual([['ok', true], ['bad', false], ['warned', true]])
    expect(value.resources[1].problems[0]).toEqual({
      severity: 'error', code: 'invalid-interface-name', message: "interfaceName 'wibblywobblyeth0' is not a valid interface name",
      path: 'spec.interfaceName', file: 'b.yaml', line: 7, column: 18,
    })
    expect(value.problems[0].code).toBe('yaml-syntax')
    expect(value.summary.invalid).toBe(1)
  })

  it('the schema rejects a report that breaks the shape', () => {
    const value = JSON.parse(formatJsonReport(sample()))
    value.resources[0].problems.push({severity: 'fatal', code: 'X', message: 'm', path: []})
    expect(validate(value)).toBe(false)
  })
})

describe('junit reporter', () => {
  const parser = new XMLParser({ignoreAttributes: false, attributeNamePrefix: '', isArray: name => ['testsuite', 'testcase'].includes(name)})

  it('is well-formed XML with a suite per file and a case per resource', () => {
    const xml = formatJunitReport(sample())
    expect(XMLValidator.validate(xml)).toBe(true)
    const doc = parser.parse(xml)
    const suites = doc.testsuites.testsuite
    expect(doc.testsuites.tests).toBe('4')
    expect(doc.testsuites.failures).toBe('2')
    expect(suites.map((s: {name: string}) => s.name)).toEqual(['a.yaml', 'b.yaml', 'c.yaml'])
    const b = suites[1]
    expect(b.tests).toBe('2')
    expect(b.failures).toBe('1')
    expect(b.testcase[0].name).toBe('bad')
    expect(b.testcase[0].failure.type).toBe('invalid-port')
    expect(b.testcase[0].failure['#text']).toContain('b.yaml:7:18: error [invalid-interface-name]')
    expect(b.testcase[1].failure).toBeUndefined()
    expect(b.testcase[1]['system-out']).toContain('no-allow-profile')
    expect(suites[2].testcase[0].name).toBe('c.yaml#0')
  })

  it('escapes hostile text: it parses back, with markup intact and control characters made visible', () => {
    const xml = formatJunitReport(hostile())
    expect(XMLValidator.validate(xml)).toBe(true)
    expect(xml).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f]/)
    const doc = new XMLParser({ignoreAttributes: false, attributeNamePrefix: '', processEntities: true, htmlEntities: true}).parse(xml)
    const tc = doc.testsuites.testsuite.testcase
    expect(tc.name).toBe('dir/we ird,f:ile%.yaml#2')
    expect(tc.failure.message).toContain('bad <tag> & "quote" \'apos\' \\u0001ctl')
    expect(tc.failure['#text']).toContain('<tag> &')
  })

  it('marks unreadable input as an error rather than a failure', () => {
    const r = buildValidationReport([], [{severity: 'error', code: 'input-unreadable', message: 'open x: no such file', path: [], file: 'x.yaml'}], 1)
    const doc = parser.parse(formatJunitReport(r))
    expect(doc.testsuites.errors).toBe('1')
    expect(doc.testsuites.testsuite[0].testcase[0].error.type).toBe('input-unreadable')
  })
})

describe('sarif reporter', () => {
  const log = (r: ValidationReport) => JSON.parse(formatSarifReport(r, {toolVersion: '1.2.3', baseDir: '/repo'}))

  it('has what GitHub code scanning requires', () => {
    const sarif = log(sample())
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/)
    const run = sarif.runs[0]
    expect(run.tool.driver).toMatchObject({name: 'hepctl', version: '1.2.3'})
    expect(run.tool.driver.informationUri).toMatch(/^https:\/\//)
    const ids = run.tool.driver.rules.map((r: {id: string}) => r.id)
    expect(ids).toEqual(['invalid-port', 'invalid-interface-name', 'no-allow-profile', 'yaml-syntax'])
    for (const rule of run.tool.driver.rules) expect(rule.shortDescription.text.length).toBeGreaterThan(0)
    expect(run.results).toHaveLength(4)
    for (const result of run.results) {
      expect(ids).toContain(result.ruleId)
      expect(ids[result.ruleIndex]).toBe(result.ruleId)
      expect(['error', 'warning']).toContain(result.level)
      expect(result.message.text.length).toBeGreaterThan(0)
      const loc = result.locations[0].physicalLocation
      expect(loc.artifactLocation.uri).not.toMatch(/^\//)
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1)
      expect(loc.region.startColumn).toBeGreaterThanOrEqual(1)
    }
    expect(run.results[1]).toMatchObject({
      ruleId: 'invalid-interface-name', level: 'error',
      locations: [{physicalLocation: {artifactLocation: {uri: 'b.yaml'}, region: {startLine: 7, startColumn: 18}}}],
    })
  })

  it('makes absolute paths relative to the base directory and percent-encodes them', () => {
    const r = buildValidationReport([], [{severity: 'error', code: 'invalid-value', message: 'm', path: [], file: '/repo/dir/a b#.yaml', line: 1, column: 1}], 1)
    expect(log(r).runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('dir/a%20b%23.yaml')
  })
})

describe('github reporter', () => {
  it('escapes data and properties as the Actions runner expects', () => {
    expect(escapeData('100%\r\nx:y,z')).toBe('100%25%0D%0Ax:y,z')
    expect(escapeProperty('100%\r\nx:y,z')).toBe('100%25%0D%0Ax%3Ay%2Cz')
  })

  it('prints one workflow command per problem, then the summary', () => {
    const lines = formatGithubReport(sample()).split('\n')
    expect(lines[0]).toBe('::error file=b.yaml,line=4,col=11,title=hepctl invalid-port::port 0 must be between 1 and 65535 (spec.ports[0].port)')
    expect(lines[2]).toBe('::warning file=b.yaml,line=12,col=1,title=hepctl no-allow-profile::allows all traffic (spec.profiles[0])')
    expect(lines[4]).toBe('3 errors, 1 warning in 3 resources (1 invalid) from 3 files')
  })

  it('keeps each command on one line whatever the message holds', () => {
    const out = formatGithubReport(hostile(), {summary: false})
    expect(out.split('\n').filter(Boolean)).toHaveLength(1)
    expect(out).toContain('file=dir/we ird%2Cf%3Aile%25.yaml,')
    expect(out).toContain('100%25 a:b,c%0D%0Anext')
  })
})

describe('problems without a position', () => {
  const report = buildValidationReport([], [
    {severity: 'error', code: 'no-resources', message: 'no resources specified', path: []},
    {severity: 'error', code: 'input-unreadable', message: 'open x.yaml: no such file or directory', path: [], file: 'x.yaml'},
  ], 1)

  it('are printed without an invented file or line, after located ones', () => {
    expect(formatTextReport(report, {summary: false})).toBe(
      'x.yaml: error [input-unreadable] open x.yaml: no such file or directory\n' +
      'error [no-resources] no resources specified\n')
    expect(formatGithubReport(report, {summary: false})).toBe(
      '::error file=x.yaml,title=hepctl input-unreadable::open x.yaml: no such file or directory\n' +
      '::error title=hepctl no-resources::no resources specified\n')
  })

  it('get no SARIF location without a file, and line 1 with only a file; JUnit puts them in an (input) suite', () => {
    const results = JSON.parse(formatSarifReport(report, {toolVersion: '1'})).runs[0].results
    expect(results[0].locations[0].physicalLocation).toEqual({artifactLocation: {uri: 'x.yaml', uriBaseId: '%SRCROOT%'}, region: {startLine: 1, startColumn: 1}})
    expect(results[1].locations).toEqual([])
    const xml = formatJunitReport(report)
    expect(XMLValidator.validate(xml)).toBe(true)
    expect(xml).toContain('<testsuite name="(input)"')
  })
})
