// `get --sort-by`: hepctl's order beside real kubectl's in a real kube-apiserver. Strings by labels on
// ConfigMaps with the same names and labels (Calico keeps a HostEndpoint's labels in its annotation, out of
// kubectl's sight); numbers by a port on Calico's stored HostEndpoints themselves. HostEndpoint has no
// boolean field to sort by.
import {beforeAll, describe, expect, it} from 'vitest'

import {hepctl, useFileStore} from '../support/cli.js'
import {kubectl, useKubeApiserver} from '../support/kube-apiserver.js'

// Byte order, as kubectl compares strings (a10 before a9, B before a), a tie kept in listed order, one without.
const RANKS: Record<string, string | undefined> = {p: 'a10', q: 'a9', r: 'b', s: 'B', t: 'a9', u: undefined, v: 'a010x', w: 'a10y'}

// Numbers by value (9 before 10, 100), and one without ports first: spec.ports[0].port is a number in the
// HostEndpoint's own schema, so here kubectl sorts Calico's stored HostEndpoints themselves.
const PORTS: Record<string, number | undefined> = {'num-a': 100, 'num-b': 9, 'num-c': 10, 'num-d': undefined, 'num-e': 9, 'num-f': 65535}
const spec = (name: string, port: number | undefined) => ({node: `node-${name}`, interfaceName: 'eth0', ...(port === undefined ? {} : {ports: [{name: 'p', port, protocol: 'TCP'}]})})

const store = useFileStore()
const env = store.env
beforeAll(async () => {
  const manifest = store.write('heps.yaml', Object.entries(RANKS).map(([name, rank]) => JSON.stringify({
    apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint',
    metadata: {name, labels: rank === undefined ? {} : {rank}}, spec: spec(name, undefined),
  })).concat(Object.entries(PORTS).map(([name, port]) => JSON.stringify({
    apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: {name, labels: {numbers: 'yes'}}, spec: spec(name, port),
  }))).join('\n---\n'))
  expect((await hepctl(['create', '-f', manifest, '-q'], {env})).code).toBe(0)
})

const names = (out: string) => out.trim().split('\n').map(l => l.split('/').pop())

describe('get --sort-by on the file store', () => {
  it('sorts by the field, strings byte by byte, with objects that lack it first', async () => {
    const r = await hepctl(['get', 'hep', '-l', '!numbers', '--sort-by=.metadata.labels.rank', '-o', 'name'], {env})
    expect(r.code).toBe(0)
    expect(names(r.stdout)).toEqual(['u', 's', 'v', 'p', 'w', 'q', 't', 'r'])
  })

  it('sorts numbers by value', async () => {
    const r = await hepctl(['get', 'hep', '-l', 'numbers', '--sort-by=.spec.ports[0].port', '-o', 'name'], {env})
    expect(r.code).toBe(0)
    expect(names(r.stdout)).toEqual(['num-d', 'num-b', 'num-e', 'num-c', 'num-a', 'num-f'])
  })

  it('a field no object has is an error that names the path, exit 2', async () => {
    const r = await hepctl(['get', 'hep', '--sort-by={.spec.nothing}'], {env})
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('couldn\'t find any field with path "{.spec.nothing}" in the list of objects')
  })
})

const server = useKubeApiserver()
describe.runIf(server)('get --sort-by beside kubectl (a real kube-apiserver)', () => {
  it('gives kubectl\'s order for the same labels', async () => {
    const info = server!
    await kubectl(info, ['apply', '-f', '-'], JSON.stringify({apiVersion: 'v1', kind: 'List', items: Object.entries(RANKS).map(([name, rank]) => (
      {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace: 'default', labels: rank === undefined ? {} : {rank}}}))}))
    try {
      const theirs = await kubectl(info, ['get', 'configmaps', '-n', 'default', '--sort-by=.metadata.labels.rank', '-o', 'name',
        '--field-selector', 'metadata.name!=kube-root-ca.crt'])
      const ours = await hepctl(['get', 'hep', '-l', '!numbers', '--sort-by=.metadata.labels.rank', '-o', 'name'], {env})
      expect(names(ours.stdout)).toEqual(names(theirs))
    } finally {
      await kubectl(info, ['delete', 'configmaps', ...Object.keys(RANKS), '-n', 'default'])
    }
  })

  it('gives kubectl\'s order for numbers, on Calico\'s stored HostEndpoints', async () => {
    const info = server!
    await kubectl(info, ['apply', '-f', '-'], JSON.stringify({apiVersion: 'v1', kind: 'List', items: Object.entries(PORTS).map(([name, port]) => (
      {apiVersion: 'crd.projectcalico.org/v1', kind: 'HostEndpoint', metadata: {name, labels: {numbers: 'yes'}}, spec: spec(name, port)}))}))
    const theirs = await kubectl(info, ['get', 'hostendpoints.crd.projectcalico.org', '-l', 'numbers', '--sort-by=.spec.ports[0].port', '-o', 'name'])
    const ours = await hepctl(['get', 'hep', '-l', 'numbers', '--sort-by=.spec.ports[0].port', '-o', 'name'], {env})
    expect(names(ours.stdout)).toHaveLength(Object.keys(PORTS).length)
    expect(names(ours.stdout)).toEqual(names(theirs))
  })
})
