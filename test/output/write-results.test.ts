import {describe, expect, it} from 'vitest'
import {ResourceError} from '../../src/datastore/datastore.js'
import type {ResourceResult} from '../../src/lifecycle/resource-result.js'
import {renderResults, resultLine, summaryLines} from '../../src/output/write-results.js'
import {stored} from './fixtures.js'

const ok = (name: string, action: ResourceResult['action'] = 'created'): ResourceResult => ({name, action})
const exists = (name: string): ResourceResult => ({
  name, action: 'failed',
  error: new ResourceError('already-exists', name, `resource already exists: HostEndpoint(${name}) with error: <nil>`),
})

describe('result lines', () => {
  it('prints kubectl-style lines with the dry-run suffix', () => {
    expect(resultLine(ok('a'))).toBe('hostendpoint/a created')
    expect(resultLine(ok('a', 'configured'), 'client')).toBe('hostendpoint/a configured (dry run)')
    expect(resultLine(ok('a', 'configured'), 'server')).toBe('hostendpoint/a configured (server dry run)')
    expect(resultLine({name: 'a', action: 'skipped', message: 'already exists'})).toBe('hostendpoint/a skipped: already exists')
    expect(resultLine(exists('a'))).toBe('hostendpoint/a failed: resource already exists: HostEndpoint(a) with error: <nil>')
  })
})

describe('calicoctl summaries', () => {
  it('create: all succeeded', () => {
    expect(summaryLines('create', [ok('a'), ok('b')])).toEqual({stdout: "Successfully created 2 'HostEndpoint' resource(s)\n", stderr: ''})
  })

  it('create: one resource failed', () => {
    expect(summaryLines('create', [exists('a')])).toEqual({
      stdout: '',
      stderr: "failed to create 'HostEndpoint' resource: [resource already exists: HostEndpoint(a) with error: <nil>]\n",
    })
  })

  it('create: all of several failed, errors joined by spaces in brackets', () => {
    expect(summaryLines('create', [exists('a'), exists('b')]).stderr).toBe(
      "failed to create any 'HostEndpoint' resources: [resource already exists: HostEndpoint(a) with error: <nil> resource already exists: HostEndpoint(b) with error: <nil>]\n")
  })

  it('create: partial success printed only when successes exceed failures', () => {
    expect(summaryLines('create', [ok('a'), exists('b'), ok('c')])).toEqual({
      stdout: "Partial success: created the first 2 out of 3 'HostEndpoint' resources:\n",
      stderr: 'hit error: [resource already exists: HostEndpoint(b) with error: <nil>]\n',
    })
    expect(summaryLines('create', [ok('a'), exists('b')])).toEqual({
      stdout: '',
      stderr: 'hit error: [resource already exists: HostEndpoint(b) with error: <nil>]\n',
    })
  })

  it('apply uses the verb applied and REL\'s hit error(s)', () => {
    expect(summaryLines('apply', [ok('a', 'configured'), ok('b', 'unchanged')]).stdout).toBe("Successfully applied 2 'HostEndpoint' resource(s)\n")
    expect(summaryLines('apply', [ok('a'), ok('b'), exists('c')]).stderr).toMatch(/^hit error\(s\): \[/)
  })

  it('replace counts failures as handled and keeps only the last error', () => {
    const conflict = (n: string): ResourceResult => ({name: n, action: 'failed', error: new ResourceError('conflict', n, `update conflict: HostEndpoint(${n})`)})
    expect(summaryLines('replace', [conflict('a')])).toEqual({
      stdout: "Partial success: replaced the first 1 out of 1 'HostEndpoint' resources:\n",
      stderr: 'hit error: update conflict: HostEndpoint(a)\n',
    })
    expect(summaryLines('replace', [conflict('a'), ok('b', 'configured'), conflict('c')]).stderr).toBe('hit error: update conflict: HostEndpoint(c)\n')
  })

  it('delete: success count, then one line per failure; skipped counts as success', () => {
    const missing: ResourceResult = {name: 'b', action: 'failed', error: new ResourceError('not-found', 'b', 'resource does not exist: HostEndpoint(b) with error: <nil>')}
    expect(summaryLines('delete', [ok('a', 'deleted'), missing, ok('c', 'skipped')])).toEqual({
      stdout: "Successfully deleted 2 'HostEndpoint' resource(s)\n",
      stderr: "Failed to delete 'HostEndpoint' resource: resource does not exist: HostEndpoint(b) with error: <nil>\n",
    })
    expect(summaryLines('delete', [missing]).stdout).toBe('')
  })
})

describe('renderResults', () => {
  it('puts success lines on stdout and failures on stderr, with the dry-run suffix', () => {
    const out = renderResults('create', [ok('a'), exists('b'), ok('c')], {dryRun: 'client'})
    expect(out.stdout).toBe(
      'hostendpoint/a created (dry run)\n' +
      'hostendpoint/c created (dry run)\n' +
      "Partial success: created the first 2 out of 3 'HostEndpoint' resources:\n")
    expect(out.stderr).toBe(
      'hostendpoint/b failed: resource already exists: HostEndpoint(b) with error: <nil> (dry run)\n' +
      'hit error: [resource already exists: HostEndpoint(b) with error: <nil>]\n')
  })

  it("a server dry run marks every line and the summary as kubectl does: (server dry run)", () => {
    const out = renderResults('delete', [ok('a', 'deleted'), exists('b')], {dryRun: 'server'})
    expect(out.stdout).toBe("hostendpoint/a deleted (server dry run)\nSuccessfully deleted 1 'HostEndpoint' resource(s) (server dry run)\n")
    expect(out.stderr).toContain('hostendpoint/b failed: resource already exists: HostEndpoint(b) with error: <nil> (server dry run)\n')
  })

  it('--json says whether and how it was a dry run', () => {
    expect(JSON.parse(renderResults('create', [ok('a')], {json: true, dryRun: 'server'}).stdout)).toMatchObject({dryRun: true, dryRunStrategy: 'server'})
    expect(JSON.parse(renderResults('create', [ok('a')], {json: true, dryRun: 'client'}).stdout)).toMatchObject({dryRun: true, dryRunStrategy: 'client'})
    expect(JSON.parse(renderResults('create', [ok('a')], {json: true}).stdout)).not.toHaveProperty('dryRunStrategy')
  })

  it('--json prints one document with every result, the stored object in struct order, and a summary', () => {
    const out = renderResults('apply', [{name: 'a', action: 'created', object: stored('a')}, exists('b')], {json: true})
    expect(out.stderr).toBe('')
    const v = JSON.parse(out.stdout)
    expect(v).toMatchObject({apiVersion: 'hepctl/v1', kind: 'ResultList', verb: 'apply', dryRun: false, summary: {total: 2, succeeded: 1, failed: 1}})
    expect(v.results[0].action).toBe('created')
    expect(Object.keys(v.results[0].object)).toEqual(['kind', 'apiVersion', 'metadata', 'spec'])
    expect(v.results[1].error).toEqual({reason: 'already-exists', message: 'resource already exists: HostEndpoint(b) with error: <nil>'})
  })
})
