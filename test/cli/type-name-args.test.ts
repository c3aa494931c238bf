// kubectl's TYPE/NAME arguments (hep/NAME, hostendpoint.projectcalico.org/NAME, ...) on the file store: what
// `get -o name` prints is taken back by get, delete, label and patch.
import {beforeAll, describe, expect, it} from 'vitest'

import {hepctl, hepYaml, useFileStore} from '../support/cli.js'

const store = useFileStore()
const env = store.env
beforeAll(async () => {
  const file = store.write('heps.yaml', [hepYaml('a', {labels: {x: 'y'}}), hepYaml('b', {labels: {x: 'y'}}), hepYaml('c')].join('---\n'))
  expect((await hepctl(['create', '-f', file], {env})).code).toBe(0)
})

async function names(): Promise<string[]> {
  const listed = await hepctl(['get', 'hep', '-o', 'name'], {env})
  expect(listed.code).toBe(0)
  return listed.stdout.split('\n').filter(Boolean)
}

describe('TYPE/NAME arguments', () => {
  it('get takes the spellings kubectl takes (beside kubectl itself in type-name-kubernetes.test.ts)', async () => {
    const spellings = ['hep/a', 'heps/a', 'hostendpoint/a', 'hostendpoints/a', 'hostendpoint.projectcalico.org/a', 'HostEndpoints.projectcalico.org/a', 'hostendpoints.v3.projectcalico.org/a']
    for (const arg of spellings) {
      const got = await hepctl(['get', arg, '-o', 'name'], {env})
      expect({arg, code: got.code, stdout: got.stdout}).toEqual({arg, code: 0, stdout: 'hostendpoint.projectcalico.org/a\n'})
    }
  })

  it('label and patch take a TYPE/NAME argument', async () => {
    const labelled = await hepctl(['label', 'hostendpoint.projectcalico.org/c', 'a=b'], {env})
    expect(labelled.code).toBe(0)
    const patched = await hepctl(['patch', 'hep/c', '-p', '{"spec":{"interfaceName":"eth9"}}'], {env})
    expect(patched.code).toBe(0)
    const got = await hepctl(['get', 'hep', 'c', '-o', 'jsonpath={.metadata.labels.a} {.spec.interfaceName}'], {env})
    expect(got.stdout).toBe('b eth9')
  })

  it('refuses an unsupported type in TYPE/NAME as a one-line usage error', async () => {
    for (const verb of [['get'], ['delete'], ['label'], ['patch']]) {
      const extra = verb[0] === 'label' ? ['k=v'] : verb[0] === 'patch' ? ['-p', '{}'] : []
      const result = await hepctl([...verb, 'pod/a', ...extra], {env})
      expect({verb, code: result.code}).toEqual({verb, code: 2})
      expect(result.stderr).toContain("resource type 'pod' is not supported")
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
    }
  })

  it('refuses a KIND argument together with TYPE/NAME, as kubectl does', async () => {
    for (const args of [['get', 'hep', 'hep/a'], ['delete', 'hep', 'hostendpoint.projectcalico.org/a'], ['delete', 'hep/a', 'b']]) {
      const result = await hepctl(args, {env})
      expect({args, code: result.code}).toEqual({args, code: 2})
      expect(result.stderr.trim().split('\n')).toHaveLength(1)
    }
    expect(await names()).toContain('hostendpoint.projectcalico.org/a')
  })

  it('deletes what `get -o name` printed (hepctl get hep -l x=y -o name | xargs hepctl delete)', async () => {
    const selected = await hepctl(['get', 'hep', '-l', 'x=y', '-o', 'name'], {env})
    expect(selected.code).toBe(0)
    const args = selected.stdout.split('\n').filter(Boolean)
    expect(args).toEqual(['hostendpoint.projectcalico.org/a', 'hostendpoint.projectcalico.org/b'])
    const deleted = await hepctl(['delete', ...args], {env})
    expect(deleted.code).toBe(0)
    expect(await names()).toEqual(['hostendpoint.projectcalico.org/c'])
  })
})
