// `delete --ignore-not-found`, kubectl's name for calicoctl's --skip-not-exists, on the file store.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {fileStoreEnv, hepctl, hepYaml, tempDir} from '../support/cli.js'

let dir: ReturnType<typeof tempDir>
let env: NodeJS.ProcessEnv
beforeAll(() => {
  dir = tempDir()
  env = fileStoreEnv(join(dir.path, 'store'))
  writeFileSync(join(dir.path, 'a.yaml'), hepYaml('a'))
})
afterAll(() => dir.cleanup())

describe('delete --ignore-not-found', () => {
  it('behaves as --skip-not-exists: a missing name is not an error, an existing one is deleted', async () => {
    expect((await hepctl(['create', '-f', join(dir.path, 'a.yaml')], {env})).code).toBe(0)
    const plain = await hepctl(['delete', 'hep', 'a', 'missing'], {env})
    expect(plain.code).toBe(1)
    expect((await hepctl(['create', '-f', join(dir.path, 'a.yaml')], {env})).code).toBe(0)
    const ignoring = await hepctl(['delete', 'hep', 'a', 'missing', '--ignore-not-found'], {env})
    const skipping = await hepctl(['delete', 'hep', 'missing', '--skip-not-exists'], {env})
    expect(ignoring.code).toBe(0)
    expect(skipping.code).toBe(0)
    expect((await hepctl(['get', 'hep', 'a'], {env})).code).toBe(1)
  })
})
