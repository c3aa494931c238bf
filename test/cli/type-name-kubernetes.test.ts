// kubectl's TYPE/NAME spellings, held beside real kubectl: Calico's projectcalico.org HostEndpoint CRD (the
// same group, kind, plural and short names as the API hepctl speaks for) is installed in a real
// kube-apiserver, and every spelling is given to `kubectl get` and to `hepctl get` on a file store holding
// the same object. Both must take it or both refuse it.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {hepctl, hepYaml, tempDir, useFileStore} from '../support/cli.js'
import {CRD_FILES, installCrd, kubectl, useKubeApiserver} from '../support/kube-apiserver.js'

const TYPES = [
  'hep', 'heps', 'hostendpoint', 'hostendpoints', 'HostEndpoint', 'HostEndpoints', 'HEP', 'Heps',
  'hostendpoint.projectcalico.org', 'hostendpoints.projectcalico.org', 'HostEndpoints.ProjectCalico.org', 'hep.projectcalico.org',
  'hostendpoints.v3.projectcalico.org', 'hostendpoint.v3.projectcalico.org', 'hostendpoints.HostEndpoint',
  'hostendpoints.projectcalico', 'hostendpoints.calico.org', 'hostendpointss', 'host', 'he', 'hep.org',
  'HEP.projectcalico.org', 'hep.v3.projectcalico.org', 'hostendpoints.v1.projectcalico.org', 'hostendpoints.V3.projectcalico.org',
  'hostendpoints.projectcalico.o', 'hostendpoints.project', 'hep.projectcalico', 'hostendpoints.v3.projectcalico', 'hostendpoints.p', 'hostendpoints.projectcalico.org.x', 'hostendpoints.v3', 'HostEndpoint.projectcalico',
  'HostEndpoint.projectcalico.org', 'hostendpoint.ProjectCalico.org', 'HOSTENDPOINTS.v3.projectcalico.org', '.projectcalico.org',
]

const store = useFileStore()
const server = useKubeApiserver()
// kubectl's discovery cache of its own, read after the CRDs changed: a stale one would answer for old CRDs.
const cache = tempDir('hepctl-kubectl-cache-')
afterAll(cache.cleanup)

describe.runIf(server)('TYPE/NAME beside kubectl (a real kube-apiserver)', () => {
  beforeAll(async () => {
    // Only the projectcalico.org group, as in a cluster with Calico's API server: with crd.projectcalico.org
    // beside it, kubectl would resolve the bare kind to that group instead.
    await kubectl(server!, ['delete', 'crd', 'hostendpoints.crd.projectcalico.org', '--wait=true'])
    await installCrd(server!.kubeconfig, CRD_FILES.v3)
    await kubectl(server!, ['create', '-f', '-'], JSON.stringify({apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: {name: 'a'}, spec: {node: 'n1', interfaceName: 'eth0'}}))
    const file = store.write('a.yaml', hepYaml('a'))
    expect((await hepctl(['create', '-f', file, '-q'], {env: store.env})).code).toBe(0)
  })
  afterAll(async () => {
    // The server as the test files that follow expect it: the crd.projectcalico.org group alone.
    await kubectl(server!, ['delete', 'crd', 'hostendpoints.projectcalico.org', '--wait=true'])
    await installCrd(server!.kubeconfig, CRD_FILES.v1)
  })

  it.each(TYPES)('%s/a: taken or refused as kubectl takes or refuses it', async type => {
    const theirs = await kubectl(server!, ['get', `${type}/a`, '-o', 'name', `--cache-dir=${cache.path}`]).then(out => ({taken: true, out}), (error: Error) => ({taken: false, out: error.message}))
    const ours = await hepctl(['get', `${type}/a`, '-o', 'name'], {env: store.env})
    expect({type, taken: ours.code === 0, out: ours.code === 0 ? ours.stdout : ''}).toEqual({type, taken: theirs.taken, out: theirs.taken ? theirs.out : ''})
    if (!theirs.taken) expect(ours.code).toBe(2)
  })
})
