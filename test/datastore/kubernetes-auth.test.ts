// Credentials against a real kube-apiserver: token file, exec plugin (with a refresh after a 401), client
// certificates (a second server started with --client-ca-file), all from kubeconfig files.
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {DatastoreUnavailableError} from '../../src/datastore/datastore.js'
import {openKubernetesStore} from '../../src/datastore/kubernetes/kubernetes-store.js'
import {hep} from './contract.js'
import {
  makeClientCertificate,
  startKubeApiserverWithClientCa,
  stopKubeApiserver,
  useKubeApiserver,
  type KubeApiserverInfo,
} from '../support/kube-apiserver.js'

const server = useKubeApiserver()
const scratch = mkdtempSync(join(tmpdir(), 'hepctl-kube-auth-'))
const savedCacheHome = process.env.XDG_CACHE_HOME
beforeAll(() => {
  // Keep exec-credential caches of these tests out of the real home.
  process.env.XDG_CACHE_HOME = join(scratch, 'cache')
})
afterAll(() => {
  if (savedCacheHome === undefined) delete process.env.XDG_CACHE_HOME
  else process.env.XDG_CACHE_HOME = savedCacheHome
  rmSync(scratch, {recursive: true, force: true})
})

let n = 0
/** A kubeconfig in its own folder, with the cluster's CA as a relative file reference. */
function kubeconfig(info: KubeApiserverInfo, user: string, files: Record<string, string> = {}): string {
  const dir = join(scratch, `kc-${n++}`)
  mkdirSync(join(dir, 'pki'), {recursive: true})
  writeFileSync(join(dir, 'pki', 'server-ca.crt'), readFileSync(info.caFile))
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content)
  const path = join(dir, 'config')
  writeFileSync(path, `apiVersion: v1
kind: Config
current-context: test
clusters:
- name: c
  cluster:
    server: ${info.server}
    certificate-authority: pki/server-ca.crt
users:
- name: u
  user:
${user.replace(/^/gm, '    ')}
contexts:
- name: test
  context: {cluster: c, user: u}
`)
  return path
}

if (!server) {
  describe.skip('Kubernetes credentials (no kube-apiserver)', () => {
    it('needs a kube-apiserver', () => undefined)
  })
} else {
  const info = server

  describe('credentials from a kubeconfig', () => {
    it('a token file (relative to the kubeconfig) is read and used', async () => {
      const path = kubeconfig(info, 'tokenFile: admin.token', {'admin.token': `${info.token}\n`})
      const store = await openKubernetesStore({kubeconfig: path, requestTimeoutMs: 10_000})
      try {
        const [created] = await store.write([{op: 'create', object: hep('by-token-file')}])
        expect(created.ok).toBe(true)
        expect((await store.get('by-token-file'))?.spec.node).toBe('node1')
      } finally {
        await store.close()
      }
    })

    it('an exec plugin supplies the token; after a 401 it is run again and the request retried', async () => {
      const dir = join(scratch, 'plugin')
      mkdirSync(dir, {recursive: true})
      const runs = join(dir, 'runs')
      writeFileSync(runs, '')
      // First run: a stale token (as if it had been revoked); later runs: the real one.
      const script = join(dir, 'get-token.sh')
      writeFileSync(script, `#!/bin/sh
echo run >> "${runs}"
if [ "$(wc -l < "${runs}")" -le 1 ]; then TOKEN=stale-token; else TOKEN=$REAL_TOKEN; fi
printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s"}}' "$TOKEN"
`)
      chmodSync(script, 0o755)
      const path = kubeconfig(info, `exec:
  apiVersion: client.authentication.k8s.io/v1beta1
  command: ${script}
  env: [{name: REAL_TOKEN, value: "${info.token}"}]`)
      const store = await openKubernetesStore({kubeconfig: path, requestTimeoutMs: 10_000})
      try {
        expect(await store.get('absent')).toBeUndefined()
        await store.write([{op: 'create', object: hep('by-exec')}])
        expect((await store.list()).items.map(i => i.metadata.name)).toContain('by-exec')
        // Run once (stale), once more after the 401, then cached for the rest of the process.
        expect(readFileSync(runs, 'utf8').trim().split('\n')).toHaveLength(2)
      } finally {
        await store.close()
      }
    })

    it('a wrong token from a kubeconfig gives a one-line error naming the user, never the token', async () => {
      const path = kubeconfig(info, 'token: not-the-right-token')
      const store = await openKubernetesStore({kubeconfig: path, requestTimeoutMs: 10_000})
      const error = await store.get('x').then(() => undefined, e => e as Error)
      expect(error).toBeInstanceOf(DatastoreUnavailableError)
      expect(error?.message).toMatch(/^connection is unauthorized: Unauthorized; check the credentials for user "u" \(context "test" in /)
      expect(error?.message).not.toContain('not-the-right-token')
      await store.close()
    })

    describe('client certificates (a second server with --client-ca-file)', () => {
      let second: KubeApiserverInfo | undefined
      let client: {ca: string; cert: string; key: string}
      const state = join(scratch, 'client-ca-server')

      beforeAll(async () => {
        mkdirSync(state, {recursive: true})
        client = await makeClientCertificate(scratch, 'cert-admin', 'system:masters')
        second = await startKubeApiserverWithClientCa(state, client.ca)
        const {installCrd, CRD_FILES} = await import('../support/kube-apiserver.js')
        await installCrd(second.kubeconfig, CRD_FILES.v1)
      }, 180_000)
      afterAll(async () => {
        await stopKubeApiserver(state)
      })

      it('client certificate and key files (relative paths) authenticate', async () => {
        const path = kubeconfig(second!, 'client-certificate: client.crt\nclient-key: client.key', {
          'client.crt': readFileSync(client.cert, 'utf8'),
          'client.key': readFileSync(client.key, 'utf8'),
        })
        const store = await openKubernetesStore({kubeconfig: path, requestTimeoutMs: 10_000})
        try {
          const [created] = await store.write([{op: 'create', object: hep('by-cert')}])
          expect(created.ok, created.ok ? '' : created.error.message).toBe(true)
        } finally {
          await store.close()
        }
      })

      it('an exec plugin that returns a client certificate and key authenticates with them', async () => {
        const plugin = join(scratch, 'cert-plugin.mjs')
        writeFileSync(plugin, `#!/usr/bin/env node
import {readFileSync} from 'node:fs'
process.stdout.write(JSON.stringify({
  apiVersion: 'client.authentication.k8s.io/v1',
  kind: 'ExecCredential',
  status: {clientCertificateData: readFileSync(${JSON.stringify(client.cert)}, 'utf8'), clientKeyData: readFileSync(${JSON.stringify(client.key)}, 'utf8')},
}))
`)
        chmodSync(plugin, 0o755)
        const path = kubeconfig(second!, `exec:\n  apiVersion: client.authentication.k8s.io/v1\n  command: ${plugin}\n  interactiveMode: Never`)
        const store = await openKubernetesStore({kubeconfig: path, requestTimeoutMs: 10_000})
        try {
          const [created] = await store.write([{op: 'create', object: hep('by-exec-cert')}])
          expect(created.ok, created.ok ? '' : created.error.message).toBe(true)
        } finally {
          await store.close()
        }
        // Without the plugin's certificate the same server refuses the request.
        const anonymous = await openKubernetesStore({kubeconfig: kubeconfig(second!, 'username: nobody'), requestTimeoutMs: 10_000})
        await expect(anonymous.get('by-exec-cert')).rejects.toThrow(/^connection is unauthorized/)
        await anonymous.close()
      })

      it('inline client certificate data authenticates; a certificate from another CA is refused', async () => {
        const data = (file: string) => readFileSync(file).toString('base64')
        const inline = kubeconfig(second!, `client-certificate-data: ${data(client.cert)}\nclient-key-data: ${data(client.key)}`)
        const store = await openKubernetesStore({kubeconfig: inline, requestTimeoutMs: 10_000})
        try {
          expect((await store.list()).items.map(i => i.metadata.name)).toEqual(['by-cert', 'by-exec-cert'])
        } finally {
          await store.close()
        }
        const otherDir = join(scratch, 'other-ca')
        mkdirSync(otherDir, {recursive: true})
        const other = await makeClientCertificate(otherDir, 'intruder', 'system:masters')
        const refused = kubeconfig(second!, `client-certificate-data: ${data(other.cert)}\nclient-key-data: ${data(other.key)}`)
        const bad = await openKubernetesStore({kubeconfig: refused, requestTimeoutMs: 10_000})
        const error = await bad.list().then(() => undefined, e => e as Error)
        expect(error).toBeInstanceOf(DatastoreUnavailableError)
        expect(error?.message).toMatch(/^connection is unauthorized/)
        await bad.close()
      })
    })
  })
}
