import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {hepctl, repoRoot} from '../support/cli.js'

describe('hepctl schema', () => {
  it('prints the published HostEndpoint schema exactly, with its stable $id', async () => {
    const result = await hepctl(['schema'])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toBe(readFileSync(join(repoRoot, 'schemas', 'hostendpoint.schema.json'), 'utf8'))
    expect(JSON.parse(result.stdout).$id).toBe('https://hepctl.invalid/schemas/hostendpoint.schema.json')
  })
})
