import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {CRD_GROUPS} from '../../src/datastore/kubernetes/crd.js'
import {renderCrds} from '../../src/output/crd-text.js'
import {hepctl, repoRoot} from '../support/cli.js'

// `hepctl crd` prints the text rendered at build time (src/output/stored-texts.ts), without the yaml package.
const withoutYaml = {NODE_OPTIONS: `--require=${join(repoRoot, 'test', 'support', 'refuse-yaml.cjs')}`}

describe('crd without the yaml package', () => {
  it.each(CRD_GROUPS)('`crd --group %s` prints what the renderer renders, without loading the yaml package', async group => {
    const r = await hepctl(['crd', '--group', group], {env: withoutYaml})
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(renderCrds({group}))
  })

  it('the preload is what the test above relies on: a command that needs the yaml package (an anchor sends the manifest to the full reader) fails under it', async () => {
    const r = await hepctl(['validate', '-f', '-'], {env: withoutYaml, input: 'apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata: &m\n  name: a\n'})
    expect(r.stdout + r.stderr).toMatch(/hepctl loaded the yaml package/)
  })
})
