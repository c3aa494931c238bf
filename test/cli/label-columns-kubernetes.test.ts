// `get -L/--label-columns`: kubectl's label columns, on the file store and beside real kubectl on the same
// objects in a real kube-apiserver (headers and cells of the label columns must be kubectl's).
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {fileStoreEnv, hepctl, useFileStore} from '../support/cli.js'
import {kubectl, useKubeApiserver} from '../support/kube-apiserver.js'

const MANIFEST = `apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: a, labels: {env: prod, app.kubernetes.io/name: web}}
spec: {node: n1, interfaceName: eth0, expectedIPs: [10.0.0.1]}
---
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: b, labels: {env: dev}}
spec: {node: n2, interfaceName: eth0, expectedIPs: [10.0.0.2]}
`

const store = useFileStore()
const manifest = store.write('heps.yaml', MANIFEST)

/** The cells of a printed table under the given headers, per row (tabwriter columns: a cell spans to the next header). */
function columns(table: string, headers: readonly string[]): string[][] {
  const lines = table.split('\n').filter(l => l.trim() !== '')
  const head = [...lines[0].matchAll(/\S+/g)].map(m => ({header: m[0], at: m.index}))
  const spans = headers.map(h => {
    const i = head.findIndex(c => c.header === h)
    expect(i, `${h} in ${lines[0]}`).toBeGreaterThanOrEqual(0)
    return [head[i].at, head[i + 1]?.at ?? Infinity] as const
  })
  return lines.slice(1).map(line => spans.map(([from, to]) => line.slice(from, to).trim()))
}

describe('get -L on the file store', () => {
  it('adds a column per key (comma-separated or repeated), headed by the last part of the key, before LABELS', async () => {
    const env = store.env
    expect((await hepctl(['create', '-f', manifest, '-q'], {env})).code).toBe(0)
    const r = await hepctl(['get', 'hep', '-L', 'env,app.kubernetes.io/name', '-L', 'zone', '--show-labels'], {env})
    expect(r.code).toBe(0)
    const head = r.stdout.split('\n')[0].trim().split(/\s+/)
    expect(head).toEqual(['NAME', 'NODE', 'ENV', 'NAME', 'ZONE', 'LABELS'])
    const rows = r.stdout.split('\n').slice(1, 3)
    expect(rows[0]).toMatch(/^a\s+n1\s+prod\s+web\s+app\.kubernetes\.io\/name=web,env=prod\s*$/)
    expect(rows[1]).toMatch(/^b\s+n2\s+dev\s+env=dev\s*$/)
  })
})

const server = useKubeApiserver()
// Calico keeps a HostEndpoint's labels in its own annotation, so kubectl -L on the custom resources shows no
// values: kubectl's label columns are compared on ConfigMaps that carry the same names and labels.
describe.runIf(server)('get -L beside kubectl (a real kube-apiserver)', () => {
  it('prints the label columns as kubectl does for objects with the same labels', async () => {
    const info = server!
    const labels: Record<string, Record<string, string>> = {a: {env: 'prod', 'example.com/tier': 'web'}, b: {env: 'dev'}}
    await kubectl(info, ['apply', '-f', '-'], JSON.stringify({apiVersion: 'v1', kind: 'List', items: Object.entries(labels).map(([name, l]) => (
      {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, namespace: 'default', labels: l}}))}))
    const env = fileStoreEnv(join(store.path, 'store-k'))
    const k = store.write('k.yaml', Object.entries(labels).map(([name, l]) => JSON.stringify({
      apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: {name, labels: l}, spec: {node: 'n1', interfaceName: `eth-${name}`},
    })).join('\n---\n'))
    expect((await hepctl(['create', '-f', k, '-q'], {env})).code).toBe(0)
    const flags = ['-L', 'env,example.com/tier', '-L', 'missing']
    const ours = await hepctl(['get', 'hep', ...flags], {env})
    const theirs = await kubectl(info, ['get', 'configmaps', '-n', 'default', ...flags, '--field-selector', 'metadata.name!=kube-root-ca.crt'])
    expect(ours.code).toBe(0)
    const wanted = ['NAME', 'ENV', 'TIER', 'MISSING']
    expect(columns(ours.stdout, wanted)).toEqual(columns(theirs, wanted))
    expect(columns(theirs, wanted)).toEqual([['a', 'prod', 'web', ''], ['b', 'dev', '', '']])
    await kubectl(info, ['delete', 'configmaps', 'a', 'b', '-n', 'default'])
  })
})
