// `get --ignore-not-found` as kubectl has it, on the file store: missing names print nothing, exit 0.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {fileStoreEnv, hepctl, hepYaml, tempDir} from '../support/cli.js'

let dir: ReturnType<typeof tempDir>
let env: NodeJS.ProcessEnv
beforeAll(async () => {
  dir = tempDir()
  env = fileStoreEnv(join(dir.path, 'store'))
  writeFileSync(join(dir.path, 'a.yaml'), hepYaml('a'))
  expect((await hepctl(['create', '-f', join(dir.path, 'a.yaml')], {env})).code).toBe(0)
})
afterAll(() => dir.cleanup())

describe('get --ignore-not-found', () => {
  it('a missing name prints nothing, on either stream, and exits 0', async () => {
    const r = await hepctl(['get', 'hep', 'missing', '--ignore-not-found'], {env})
    expect(r).toEqual({code: 0, stdout: '', stderr: ''})
    const without = await hepctl(['get', 'hep', 'missing'], {env})
    expect(without.code).toBe(1)
  })

  it('names that exist are still printed', async () => {
    const r = await hepctl(['get', 'hep', 'a', 'missing', '--ignore-not-found', '-o', 'name'], {env})
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('/a')
    expect(r.stdout).not.toContain('missing')
    expect(r.stderr).toBe('')
  })
})
