// The CRDs hepctl prints are Calico's (reference §5.1), generated from schemas/hostendpoint.schema.json.
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'

import {renderCrds} from '../../src/output/crd-text.js'
import {SHARED_DIR} from '../support/kube-apiserver-process.js'

function calicoCrd(file: string): Record<string, any> {
  const crd = parse(readFileSync(join(SHARED_DIR, 'reference', 'crds', file), 'utf8'))
  // controller-gen's version stamp says which tool made Calico's file; hepctl's is not made by it.
  delete crd.metadata.annotations
  return crd
}

describe('renderCrds', () => {
  it('crd.projectcalico.org/v1 equals Calico\'s CRD', () => {
    const text = renderCrds({group: 'crd.projectcalico.org'})
    expect(parse(text)).toEqual(calicoCrd('crd.projectcalico.org_hostendpoints.yaml'))
  })

  it('projectcalico.org/v3 equals Calico\'s CRD (short names, printer columns, required metadata and spec)', () => {
    const text = renderCrds({group: 'projectcalico.org'})
    expect(parse(text)).toEqual(calicoCrd('projectcalico.org_hostendpoints.yaml'))
  })

  it('is one YAML document with sorted keys, as controller-gen writes them', () => {
    const text = renderCrds({group: 'crd.projectcalico.org'})
    expect(text.startsWith('apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n')).toBe(true)
    expect(text).not.toContain('\n---')
  })
})
