// `-q/--quiet` on the writing commands: no line per resource written, the summary only; failures still shown.
import {describe, expect, it} from 'vitest'

import {hepctl, hepYaml, useFileStore} from '../support/cli.js'

const store = useFileStore()
const env = store.env
const many = store.write('many.yaml', ['a', 'b', 'c'].map(name => hepYaml(name)).join('---\n'))

describe('write -q', () => {
  it('create -q prints the summary alone; without -q every resource has its line', async () => {
    const quiet = await hepctl(['create', '-f', many, '-q'], {env})
    expect(quiet.code).toBe(0)
    expect(quiet.stdout).not.toContain('hostendpoint/')
    expect(quiet.stdout).toContain("Successfully created 3 'HostEndpoint' resource(s)")
    const loud = await hepctl(['apply', '-f', many], {env})
    expect(loud.stdout.match(/^hostendpoint\//gm)).toHaveLength(3)
  })

  it('a failure is still printed with --quiet', async () => {
    const again = await hepctl(['create', '-f', many, '--quiet'], {env})
    expect(again.code).toBe(1)
    expect(again.stderr.match(/already exists/g)?.length).toBeGreaterThanOrEqual(3)
  })

  it('delete -q of names: the summary only', async () => {
    const r = await hepctl(['delete', 'hep', 'a', 'b', 'c', '-q'], {env})
    expect(r.code).toBe(0)
    expect(r.stdout).not.toContain('hostendpoint/')
    expect(r.stdout).toContain("Successfully deleted 3 'HostEndpoint' resource(s)")
  })
})
