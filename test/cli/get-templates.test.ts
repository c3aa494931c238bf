/**
 * `get -o go-template`, `-o go-template-file`, `-o jsonpath` and `-l` as a user runs them: the real CLI on
 * a file store. Errors while a template runs exit 1 with kubectl's words and print nothing on stdout.
 */
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {fileStoreEnv, hepctl, hepYaml, tempDir} from '../support/cli.js'

describe('get with templates and selectors', () => {
  const dir = tempDir()
  const env = fileStoreEnv(dir.path)
  beforeAll(async () => {
    const created = await hepctl(['create', '-f', '-'], {env, input: hepYaml('web-1', {labels: {rank: '7'}}) + '---\n' + hepYaml('web-2', {node: 'node2', labels: {rank: '12'}})})
    expect(created.code, created.stderr).toBe(0)
  })
  afterAll(() => dir.cleanup())

  it('runs a go-template on the List, with Go\'s printf and range', async () => {
    const r = await hepctl(['get', 'hep', '-o', 'go-template={{range .items}}{{printf "%-6s|%s" .metadata.name .spec.node}}{{"\\n"}}{{end}}'], {env})
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('web-1 |node1\nweb-2 |node2\n')
  })

  it('reads a template from a file and runs it on one named object', async () => {
    const file = join(dir.path, 'name.tmpl')
    writeFileSync(file, '{{.metadata.name}} {{.metadata.labels.rank}} {{.missing}}\n')
    const r = await hepctl(['get', 'hep', 'web-2', '-o', `go-template-file=${file}`], {env})
    expect(r.stdout).toBe('web-2 12 <no value>\n')
  })

  it('fails with Go\'s position when a key is missing and missing keys are refused', async () => {
    const r = await hepctl(['get', 'hep', 'web-1', '-o', 'go-template={{.spec.nope.x}}', '--allow-missing-template-keys=false'], {env})
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('error executing template "{{.spec.nope.x}}": template: output:1:7: executing "output" at <.spec.nope.x>: map has no entry for key "nope"')
  })

  it('refuses a template that does not parse, as a usage error', async () => {
    const r = await hepctl(['get', 'hep', '-o', 'go-template={{.a'], {env})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('error parsing template {{.a, template: output:1: unclosed action')
  })

  it('fails on an index into a map or past the end as kubectl does', async () => {
    const r = await hepctl(['get', 'hep', 'web-1', '-o', 'jsonpath={.metadata.labels[0]}'], {env})
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('error executing jsonpath "{.metadata.labels[0]}": Error executing template: map[string]interface {} is not array or slice')
    const past = await hepctl(['get', 'hep', '-o', 'jsonpath={.items[5].metadata.name}'], {env})
    expect(past.code).toBe(1)
    expect(past.stderr).toContain('array index out of bounds: index 5, length 2')
  })

  it('selects by integer comparison with -l', async () => {
    const r = await hepctl(['get', 'hep', '-l', 'rank>10', '-o', 'name'], {env})
    expect(r.stdout).toBe('hostendpoint.projectcalico.org/web-2\n')
    const empty = await hepctl(['get', 'hep', '-l', 'rank in ()', '-o', 'name'], {env})
    expect(empty.code).toBe(0)
    expect(empty.stdout).toBe('')
  })
})
