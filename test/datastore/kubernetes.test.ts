// The Kubernetes datastore against a real kube-apiserver: the datastore contract, interop with Calico's
// layout through kubectl, paging, the API groups, and whole-store failures.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {DatastoreUnavailableError} from '../../src/datastore/datastore.js'
import {convertUid} from '../../src/datastore/kubernetes/calico-storage.js'
import {renderCrds} from '../../src/output/crd-text.js'
import {openKubernetesStore} from '../../src/datastore/kubernetes/kubernetes-store.js'
import type {KubernetesConfig} from '../../src/config/datastore-config.js'
import type {HostEndpoint} from '../../src/model/hostendpoint.js'
import {parseLabelSelector} from '../../src/model/label-selector.js'
import {defineDatastoreContract, hep, okObject} from './contract.js'
import {CRD_FILES, installCrd, kubectl, kubeRequest, useKubeApiserver, wipeHostEndpoints, type KubeApiserverInfo} from '../support/kube-apiserver.js'
import {freePort} from '../support/free-port.js'

const server = useKubeApiserver()
const scratch = mkdtempSync(join(tmpdir(), 'hepctl-kube-test-'))
afterAll(() => rmSync(scratch, {recursive: true, force: true}))

function config(info: KubeApiserverInfo, extra: Partial<KubernetesConfig> = {}): KubernetesConfig {
  return {kubeconfig: info.kubeconfig, requestTimeoutMs: 30_000, ...extra}
}

async function unavailable(promise: Promise<unknown>): Promise<DatastoreUnavailableError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(DatastoreUnavailableError)
  const message = (error as Error).message
  expect(message).not.toContain('\n')
  return error as DatastoreUnavailableError
}

if (!server) {
  describe.skip('Kubernetes datastore (no kube-apiserver)', () => {
    it('needs a kube-apiserver', () => undefined)
  })
} else {
  const info = server

  defineDatastoreContract(
    'kubernetes (crd.projectcalico.org/v1)',
    async () => {
      await wipeHostEndpoints(info)
      const store = await openKubernetesStore(config(info))
      return {store, cleanup: () => store.close()}
    },
    // KDD differences: delete ignores the revision; errors carry the API server's text; the API server assigns
    // the uid on create (calicoctl shows it bit-converted), so the uid given to create is not kept.
    {deleteRevision: 'ignored', nilErrorDetail: false, bulkSize: 60, serverAssignsUid: true},
  )

  describe('Calico layout, seen through kubectl', () => {
    it('an object written by hepctl has Calico\'s crd.projectcalico.org/v1 layout', async () => {
      await wipeHostEndpoints(info)
      const store = await openKubernetesStore(config(info))
      try {
        const object = hep('interop-1', {labels: {tier: 'web', 'projectcalico.org/created-by': 'me'}, annotations: {note: 'n'}})
        object.metadata.creationTimestamp = '2026-03-04T05:06:07Z'
        object.spec.ports = [{name: 'ssh', protocol: 'TCP', port: 22}]
        const created = okObject((await store.write([{op: 'create', object}]))[0])
        const raw = JSON.parse(await kubectl(info, ['get', 'hostendpoints.crd.projectcalico.org', 'interop-1', '-o', 'json']))
        expect(raw.apiVersion).toBe('crd.projectcalico.org/v1')
        expect(raw.kind).toBe('HostEndpoint')
        expect(raw.spec).toEqual(object.spec)
        expect(raw.metadata.labels).toEqual({'projectcalico.org/created-by': 'me'})
        expect(raw.metadata.annotations).toEqual({
          'projectcalico.org/metadata':
            '{"creationTimestamp":"2026-03-04T05:06:07Z","labels":{"projectcalico.org/created-by":"me","tier":"web"},"annotations":{"note":"n"}}',
        })
        expect(raw.metadata.uid).toBe(convertUid(created.metadata.uid))
        expect(raw.metadata.resourceVersion).toBe(created.metadata.resourceVersion)
        // calicoctl shows the client's creation time and the converted uid, not the CR's own.
        expect(created.metadata.creationTimestamp).toBe('2026-03-04T05:06:07Z')
        expect(created.metadata.labels).toEqual(object.metadata.labels)
      } finally {
        await store.close()
      }
    })

    it('an object Calico wrote (applied with kubectl) reads back as calicoctl shows it', async () => {
      await wipeHostEndpoints(info)
      const manifest = `
apiVersion: crd.projectcalico.org/v1
kind: HostEndpoint
metadata:
  name: from-calico
  labels:
    projectcalico.org/created-by: calico-kube-controllers
  annotations:
    projectcalico.org/metadata: '{"creationTimestamp":"2025-12-31T23:59:59Z","labels":{"env":"prod","projectcalico.org/created-by":"calico-kube-controllers"},"annotations":{"owner":"ops"}}'
spec:
  node: worker-1
  interfaceName: "*"
  expectedIPs: [10.1.2.3, fd00::3]
  profiles: [projectcalico-default-allow]
---
apiVersion: crd.projectcalico.org/v1
kind: HostEndpoint
metadata:
  name: plain-cr
  labels: {projectcalico.org/x: "y"}
spec: {node: worker-2, interfaceName: eth1}
`
      await kubectl(info, ['apply', '--validate=false', '-f', '-'], manifest)
      const raw = JSON.parse(await kubectl(info, ['get', 'hostendpoints.crd.projectcalico.org', '-o', 'json']))
      const rawByName = Object.fromEntries(raw.items.map((i: {metadata: {name: string}}) => [i.metadata.name, i]))
      const store = await openKubernetesStore(config(info))
      try {
        const got = await store.get('from-calico')
        // Calico keeps every top-level annotation, kubectl's own included.
        expect(got?.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toContain('"name":"from-calico"')
        delete got?.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']
        expect(got).toEqual({
          apiVersion: 'projectcalico.org/v3',
          kind: 'HostEndpoint',
          metadata: {
            name: 'from-calico',
            resourceVersion: rawByName['from-calico'].metadata.resourceVersion,
            uid: convertUid(rawByName['from-calico'].metadata.uid),
            creationTimestamp: '2025-12-31T23:59:59Z',
            labels: {env: 'prod', 'projectcalico.org/created-by': 'calico-kube-controllers'},
            annotations: {owner: 'ops'},
          },
          spec: {node: 'worker-1', interfaceName: '*', expectedIPs: ['10.1.2.3', 'fd00::3'], profiles: ['projectcalico-default-allow']},
        })
        const plain = await store.get('plain-cr')
        // No annotation: the CR's own creation time and labels (kubectl's own annotation is kept, as Calico does).
        expect(plain?.metadata.creationTimestamp).toBe(rawByName['plain-cr'].metadata.creationTimestamp)
        expect(plain?.metadata.labels).toEqual({'projectcalico.org/x': 'y'})
        const list = await store.list({selector: parseLabelSelector('env=prod')})
        expect(list.items.map(i => i.metadata.name)).toEqual(['from-calico'])
      } finally {
        await store.close()
      }
    })
  })

  describe('server behaviour', () => {
    it('the server\'s schema rejections come back per resource with the field, the rest still written', async () => {
      await wipeHostEndpoints(info)
      const store = await openKubernetesStore(config(info))
      try {
        const long = hep('too-long', {interfaceName: 'interface-name-way-too-long'})
        const dup = hep('dup-ips')
        dup.spec.expectedIPs = ['10.0.0.1', '10.0.0.1']
        const results = await store.write([{op: 'create', object: long}, {op: 'create', object: hep('fine')}, {op: 'create', object: dup}])
        expect(results[1].ok).toBe(true)
        for (const r of [results[0], results[2]]) {
          expect(r.ok).toBe(false)
          if (!r.ok) expect(r.error.reason).toBe('invalid')
        }
        if (!results[0].ok) expect(results[0].error.message).toMatch(/^HostEndpoint\.crd\.projectcalico\.org "too-long" is invalid: spec\.interfaceName: Invalid value/)
        if (!results[2].ok) expect(results[2].error.message).toMatch(/spec\.expectedIPs\[1\]: Duplicate value: "10\.0\.0\.1"/)
      } finally {
        await store.close()
      }
    })

    it('lists page through more than one page (limit/continue), sorted, with progress', async () => {
      await wipeHostEndpoints(info)
      const store = await openKubernetesStore(config(info))
      try {
        const n = 1100
        const names = Array.from({length: n}, (_, i) => `page-${String(i).padStart(5, '0')}`)
        const progress: number[] = []
        const results = await store.write(
          [...names].reverse().map(name => ({op: 'create' as const, object: hep(name, {labels: {odd: String(Number(name.slice(-1)) % 2 === 1)}})})),
          {concurrency: 16, onProgress: done => progress.push(done)},
        )
        expect(results.every(r => r.ok)).toBe(true)
        // Results are in input order even though requests ran concurrently.
        expect(results.map(r => okObject(r).metadata.name)).toEqual([...names].reverse())
        expect(progress).toHaveLength(n)
        expect(progress.at(-1)).toBe(n)
        const list = await store.list()
        expect(list.items.map(i => i.metadata.name)).toEqual(names)
        const odd = await store.list({selector: parseLabelSelector('odd=true')})
        expect(odd.items).toHaveLength(n / 2)
        const deleted = await store.write(names.map(name => ({op: 'delete' as const, name})), {concurrency: 16})
        expect(deleted.every(r => r.ok)).toBe(true)
        expect((await store.list()).items).toEqual([])
      } finally {
        await store.close()
      }
    })

    it('a wrong token is a clear one-line error that does not show the token', async () => {
      const store = await openKubernetesStore(config(info, {token: 'wrong-token-value'}))
      const error = await unavailable(store.list())
      expect(error.message).toMatch(/^connection is unauthorized: Unauthorized; check the credentials/)
      expect(error.message).not.toContain('wrong-token-value')
      expect(error.message).not.toContain(info.token)
      await store.close()
    })

    it('an unreachable server says so and what to check', async () => {
      const port = await freePort()
      const store = await openKubernetesStore({apiEndpoint: `https://127.0.0.1:${port}`, token: 't', requestTimeoutMs: 5000})
      const error = await unavailable(store.get('x'))
      expect(error.message).toMatch(new RegExp(`^cannot reach the Kubernetes API server at https://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`))
      await store.close()
    })

    it('verifies TLS with the configured CA and server name; insecure-skip-tls-verify skips it', async () => {
      const noCa = await openKubernetesStore({apiEndpoint: info.server, token: info.token, requestTimeoutMs: 5000})
      expect((await unavailable(noCa.get('x'))).message).toMatch(/^TLS verification of the Kubernetes API server at .* failed \((SELF_SIGNED|DEPTH_ZERO|UNABLE_TO)/)
      await noCa.close()

      const ca = readFileSync(info.caFile).toString('base64')
      const kubeconfig = (extra: string) => {
        const path = join(scratch, `tls-${Math.random().toString(36).slice(2)}.yaml`)
        writeFileSync(path, `current-context: t
clusters: [{name: c, cluster: {server: '${info.server}', certificate-authority-data: ${ca}${extra}}}]
users: [{name: u, user: {token: '${info.token}'}}]
contexts: [{name: t, context: {cluster: c, user: u}}]
`)
        return path
      }
      const wrongName = await openKubernetesStore({kubeconfig: kubeconfig(', tls-server-name: wrong.example'), requestTimeoutMs: 5000})
      expect((await unavailable(wrongName.get('x'))).message).toMatch(/TLS verification .* failed \(ERR_TLS_CERT_ALTNAME_INVALID\)/)
      await wrongName.close()

      const rightName = await openKubernetesStore({kubeconfig: kubeconfig(', tls-server-name: 127.0.0.1'), requestTimeoutMs: 5000})
      expect(await rightName.get('absent')).toBeUndefined()
      await rightName.close()

      const insecure = await openKubernetesStore({apiEndpoint: info.server, token: info.token, insecureSkipTLSVerify: true, requestTimeoutMs: 5000})
      expect(await insecure.get('absent')).toBeUndefined()
      await insecure.close()
    })
  })

  describe('API groups', () => {
    it('without the CRD: says so and how to install it; with only projectcalico.org served, uses v3 as Calico does', async () => {
      await wipeHostEndpoints(info)
      await kubectl(info, ['delete', 'crd', 'hostendpoints.crd.projectcalico.org', '--wait=true'])
      try {
        await waitForGroups(info, groups => !groups.includes('crd.projectcalico.org'))
        const missing = await openKubernetesStore(config(info))
        const error = await unavailable(missing.list())
        expect(error.message).toBe(
          `the HostEndpoint CustomResourceDefinition (hostendpoints.crd.projectcalico.org) is not installed on ${info.server}; install it with: hepctl crd | kubectl apply -f -`,
        )
        await unavailable(missing.write([{op: 'create', object: hep('x')}]))
        await missing.close()

        // hepctl's own CRD, as `hepctl crd --group projectcalico.org | kubectl apply -f -` would install it.
        await kubectl(info, ['apply', '--validate=false', '-f', '-'], renderCrds({group: 'projectcalico.org'}))
        await kubectl(info, ['wait', '--for', 'condition=established', '--timeout=60s', 'crd/hostendpoints.projectcalico.org'])
        await waitForGroups(info, groups => groups.includes('projectcalico.org'))
        const v3 = await openKubernetesStore(config(info))
        try {
          const created = okObject((await v3.write([{op: 'create', object: hep('v3-one', {labels: {tier: 'web'}})}]))[0])
          const raw = await kubeRequest(info, 'GET', '/apis/projectcalico.org/v3/hostendpoints/v3-one')
          expect(raw.status).toBe(200)
          // v3 storage: the object as it is, real labels and uid, no metadata annotation.
          expect(raw.body.apiVersion).toBe('projectcalico.org/v3')
          expect(raw.body.metadata.labels).toEqual({tier: 'web'})
          expect(raw.body.metadata.annotations).toBeUndefined()
          expect(raw.body.metadata.uid).toBe(created.metadata.uid)
          await v3.write([{op: 'create', object: hep('v3-two', {labels: {tier: 'db'}})}])
          const web = await v3.list({selector: parseLabelSelector('tier=web')})
          expect(web.items.map(i => i.metadata.name)).toEqual(['v3-one'])
        } finally {
          await v3.close()
        }
      } finally {
        await installCrd(info.kubeconfig, CRD_FILES.v1)
        await waitForGroups(info, groups => groups.includes('crd.projectcalico.org'))
      }
      // Both groups served: the CRD group, as Calico chooses; calicoAPIGroup forces v3.
      const both = await openKubernetesStore(config(info))
      expect(await both.get('v3-one')).toBeUndefined()
      await both.close()
      const forced = await openKubernetesStore(config(info, {apiGroup: 'projectcalico.org/v3'}))
      expect((await forced.get('v3-one'))?.metadata.labels).toEqual({tier: 'web'})
      await forced.close()
      await wipeHostEndpoints(info, 'projectcalico.org/v3')
    })
  })
}

async function waitForGroups(info: KubeApiserverInfo, ok: (groups: string[]) => boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const r = await kubeRequest(info, 'GET', '/apis')
    const groups = (r.body.groups as Array<{name: string}>).map(g => g.name)
    if (ok(groups)) {
      // Resource discovery for a new group lags a little behind the group list.
      await new Promise(res => setTimeout(res, 300))
      return
    }
    await new Promise(res => setTimeout(res, 100))
  }
  throw new Error('API groups did not settle')
}
