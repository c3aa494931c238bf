import {existsSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {validateObject} from '../../src/validation/validate-resources.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const crds = new URL('../../../shared/reference/crds/', import.meta.url)

describe('the schemas derived from Calico CRDs', () => {
  it.skipIf(!existsSync(crds))('are the committed files', async () => {
    const {deriveSchemas} = await import(new URL('../../scripts/derive-schemas.mjs', import.meta.url).href) as {deriveSchemas(dir: string): Map<string, string>}
    const derived = deriveSchemas(fileURLToPath(crds))
    expect(derived.size).toBe(7)
    for (const [file, text] of derived) expect(readFileSync(`${root}schemas/${file}`, 'utf8'), file).toBe(text)
  })

  it('refuse unknown fields and accept valid context resources', () => {
    const gnp = {apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: {name: 'a'},
      spec: {selector: "role == 'web'", ingress: [{action: 'Allow', protocol: 'TCP', destination: {ports: [22, '80:90', 'http']}}]}}
    expect(validateObject(gnp).problems).toEqual([])
    const bad = validateObject({...gnp, spec: {...gnp.spec, bogus: 1}})
    expect(bad.problems.map(p => [p.code, p.path])).toEqual([['unknown-field', ['spec', 'bogus']]])
    expect(validateObject({apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: {name: 't'}, spec: {order: 1, defaultAction: 'Allow'}})
      .problems.map(p => p.code)).toContain('invalid-value')
  })
})
