// Kubeconfig loading and merging (kubectl's rules), calicoctl's overrides, in-cluster config, exec plugins.
import {chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'

import {getExecCredential, type ExecConfig} from '../../src/config/exec-credential.js'
import {DatastoreUnavailableError} from '../../src/datastore/datastore.js'
import {openKubernetesStore} from '../../src/datastore/kubernetes/kubernetes-store.js'
import {KubeconfigError, loadKubeConnection} from '../../src/config/kubeconfig.js'

const root = mkdtempSync(join(tmpdir(), 'hepctl-kubeconfig-'))
afterAll(() => rmSync(root, {recursive: true, force: true}))

let counter = 0
function dir(): string {
  const d = join(root, String(counter++))
  mkdirSync(d, {recursive: true})
  return d
}

function write(path: string, text: string): string {
  writeFileSync(path, text)
  return path
}

const base = {requestTimeoutMs: 1000}
const noDefaults = {home: '/nonexistent-home', env: {}}

describe('kubeconfig merging (KUBECONFIG list)', () => {
  const d = dir()
  const first = write(join(d, 'first.yaml'), `
current-context: one
clusters:
- name: c1
  cluster: {server: https://first.example:6443}
users:
- name: u1
  user: {token: first-token}
contexts:
- name: one
  context: {cluster: c1, user: u1}
`)
  const second = write(join(d, 'second.yaml'), `
current-context: two
clusters:
- name: c1
  cluster: {server: https://second.example:6443}
- name: c2
  cluster: {server: https://c2.example}
users:
- name: u1
  user: {token: second-token}
- name: u2
  user: {username: admin, password: secret-pw}
contexts:
- name: two
  context: {cluster: c2, user: u2}
`)

  it('the first file to set current-context or a name wins', () => {
    const c = loadKubeConnection({...base, kubeconfig: `${first}:${second}`}, noDefaults)
    expect(c.server).toBe('https://first.example:6443')
    expect(c.credentials).toEqual({type: 'token', token: 'first-token'})
    const reversed = loadKubeConnection({...base, kubeconfig: `${second}:${first}`}, noDefaults)
    expect(reversed.server).toBe('https://c2.example')
    expect(reversed.credentials).toEqual({type: 'basic', username: 'admin', password: 'secret-pw'})
  })

  it('a context from a later file can be chosen; its cluster name resolves to the first definition', () => {
    const c = loadKubeConnection({...base, kubeconfig: `${first}:${second}`, context: 'two'}, noDefaults)
    expect(c.server).toBe('https://c2.example')
    expect(c.user).toBe('u2')
    expect(c.source).toContain('context "two"')
  })

  it('skips missing files in a list, but not a single explicit path', () => {
    const c = loadKubeConnection({...base, kubeconfig: `${join(d, 'missing.yaml')}:${first}`}, noDefaults)
    expect(c.server).toBe('https://first.example:6443')
    expect(() => loadKubeConnection({...base, kubeconfig: join(d, 'missing.yaml')}, noDefaults)).toThrow(/cannot read kubeconfig .*missing\.yaml: no such file/)
  })

  it('an unknown context is a clear error', () => {
    expect(() => loadKubeConnection({...base, kubeconfig: first, context: 'nope'}, noDefaults)).toThrow(KubeconfigError)
    expect(() => loadKubeConnection({...base, kubeconfig: first, context: 'nope'}, noDefaults)).toThrow(/context "nope" does not exist/)
  })

  it('a broken file is an error that does not quote its content', () => {
    const bad = write(join(d, 'bad.yaml'), 'users:\n- name: u\n  user: {token: very-secret-token\n')
    let message = ''
    try {
      loadKubeConnection({...base, kubeconfig: bad}, noDefaults)
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/^cannot parse kubeconfig/)
    expect(message).not.toContain('very-secret-token')
  })
})

describe('paths, TLS and credential kinds', () => {
  it('resolves relative paths against the kubeconfig file\'s folder', () => {
    const d = dir()
    mkdirSync(join(d, 'certs'))
    write(join(d, 'certs', 'ca.pem'), 'CA-PEM')
    write(join(d, 'certs', 'client.pem'), 'CERT-PEM')
    write(join(d, 'certs', 'client.key'), 'KEY-PEM')
    const path = write(join(d, 'config'), `
current-context: x
clusters:
- name: c
  cluster: {server: https://127.0.0.1:6443, certificate-authority: certs/ca.pem, tls-server-name: api.internal}
users:
- name: u
  user: {client-certificate: certs/client.pem, client-key: ./certs/client.key}
contexts:
- name: x
  context: {cluster: c, user: u}
`)
    const c = loadKubeConnection({...base, kubeconfig: path}, noDefaults)
    expect(c.ca?.toString()).toBe('CA-PEM')
    expect(c.clientCert?.toString()).toBe('CERT-PEM')
    expect(c.clientKey?.toString()).toBe('KEY-PEM')
    expect(c.tlsServerName).toBe('api.internal')
    expect(c.insecureSkipTLSVerify).toBe(false)
    expect(c.credentials).toEqual({type: 'none'})
  })

  it('reads inline data, token files (resolved), exec commands with a path (resolved) and bare exec commands (not)', () => {
    const d = dir()
    const path = write(join(d, 'config'), `
current-context: a
clusters:
- name: c
  cluster:
    server: https://k.example
    certificate-authority-data: ${Buffer.from('INLINE-CA').toString('base64')}
    insecure-skip-tls-verify: true
users:
- name: tf
  user: {tokenFile: tokens/t}
- name: ex
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: ./bin/plugin, args: [a], env: [{name: K, value: V}]}
- name: bare
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: aws}
- name: oidc
  user:
    auth-provider: {name: oidc}
contexts:
- name: a
  context: {cluster: c, user: tf}
- name: b
  context: {cluster: c, user: ex}
- name: bare
  context: {cluster: c, user: bare}
- name: oidc
  context: {cluster: c, user: oidc}
`)
    const a = loadKubeConnection({...base, kubeconfig: path}, noDefaults)
    expect(a.ca?.toString()).toBe('INLINE-CA')
    expect(a.insecureSkipTLSVerify).toBe(true)
    expect(a.credentials).toEqual({type: 'token-file', path: join(d, 'tokens', 't')})
    const b = loadKubeConnection({...base, kubeconfig: path, context: 'b'}, noDefaults)
    expect(b.credentials.type === 'exec' && b.credentials.exec).toMatchObject({command: join(d, 'bin', 'plugin'), args: ['a'], env: [{name: 'K', value: 'V'}]})
    const bare = loadKubeConnection({...base, kubeconfig: path, context: 'bare'}, noDefaults)
    expect(bare.credentials.type === 'exec' && bare.credentials.exec.command).toBe('aws')
    expect(() => loadKubeConnection({...base, kubeconfig: path, context: 'oidc'}, noDefaults)).toThrow(/auth-provider "oidc".*exec credential plugin/)
  })

  it('calicoctl settings override the kubeconfig', () => {
    const d = dir()
    const ca = write(join(d, 'override-ca.pem'), 'OVERRIDE-CA')
    const path = write(join(d, 'config'), `
current-context: a
clusters: [{name: c, cluster: {server: https://from-file.example}}]
users: [{name: u, user: {token: file-token}}]
contexts: [{name: a, context: {cluster: c, user: u}}]
`)
    const c = loadKubeConnection(
      {...base, kubeconfig: path, apiEndpoint: 'https://override.example:8443/', token: 'override-token', caFile: ca, insecureSkipTLSVerify: true},
      noDefaults,
    )
    expect(c.server).toBe('https://override.example:8443')
    expect(c.credentials).toEqual({type: 'token', token: 'override-token'})
    expect(c.ca?.toString()).toBe('OVERRIDE-CA')
    expect(c.insecureSkipTLSVerify).toBe(true)
  })

  it('accepts kubeconfigInline and an API endpoint alone', () => {
    const inline = loadKubeConnection(
      {...base, kubeconfigInline: 'current-context: a\nclusters: [{name: c, cluster: {server: https://inline.example}}]\ncontexts: [{name: a, context: {cluster: c}}]\n'},
      noDefaults,
    )
    expect(inline.server).toBe('https://inline.example')
    const endpoint = loadKubeConnection({...base, apiEndpoint: 'https://only.example', token: 't'}, noDefaults)
    expect(endpoint.server).toBe('https://only.example')
    expect(endpoint.credentials).toEqual({type: 'token', token: 't'})
  })

  it('uses ~/.kube/config by default, then the in-cluster service account, then says what to set', () => {
    const home = dir()
    mkdirSync(join(home, '.kube'))
    write(join(home, '.kube', 'config'), 'current-context: a\nclusters: [{name: c, cluster: {server: https://home.example}}]\ncontexts: [{name: a, context: {cluster: c}}]\n')
    expect(loadKubeConnection(base, {home, env: {}}).server).toBe('https://home.example')

    const sa = dir()
    write(join(sa, 'token'), 'sa-token')
    write(join(sa, 'ca.crt'), 'SA-CA')
    const env = {KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443'}
    const inCluster = loadKubeConnection(base, {home: '/nonexistent-home', env, serviceAccountDir: sa})
    expect(inCluster.server).toBe('https://[fd00::1]:443')
    expect(inCluster.credentials).toEqual({type: 'token-file', path: join(sa, 'token')})
    expect(inCluster.ca?.toString()).toBe('SA-CA')

    expect(() => loadKubeConnection(base, {home: '/nonexistent-home', env: {}, serviceAccountDir: dir()})).toThrow(/no Kubernetes configuration found/)
  })
})

describe('exec credential plugins', () => {
  function plugin(body: string): {exec: ExecConfig; runs: () => number} {
    const d = dir()
    const count = join(d, 'runs')
    write(count, '')
    const script = write(join(d, 'plugin.sh'), `#!/bin/sh\necho run >> ${count}\n${body}\n`)
    chmodSync(script, 0o755)
    return {
      exec: {apiVersion: 'client.authentication.k8s.io/v1', command: script, args: [], env: [{name: 'PLUGIN_VAR', value: 'from-kubeconfig'}], provideClusterInfo: true},
      runs: () => readFileSync(count, 'utf8').split('\n').filter(Boolean).length,
    }
  }
  const cluster = {server: 'https://k.example'}

  it('runs the plugin with its env and KUBERNETES_EXEC_INFO, and caches the token until it expires', async () => {
    const later = new Date(Date.now() + 3600_000).toISOString()
    const {exec, runs} = plugin(`
case "$KUBERNETES_EXEC_INFO" in *'"server":"https://k.example"'*) ;; *) echo "no cluster info" >&2; exit 1;; esac
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"tok-%s","expirationTimestamp":"${later}"}}' "$PLUGIN_VAR"`)
    const cacheDir = join(dir(), 'cache')
    const first = await getExecCredential(exec, cluster, {cacheDir})
    expect(first.token).toBe('tok-from-kubeconfig')
    expect(first.expiresAt).toBe(Date.parse(later))
    await getExecCredential(exec, cluster, {cacheDir})
    expect(runs()).toBe(1)
    // The on-disk cache is private to the user.
    const dirMode = statSync(cacheDir).mode & 0o777
    expect(dirMode).toBe(0o700)
    const {readdirSync} = await import('node:fs')
    const files = readdirSync(cacheDir)
    expect(files).toHaveLength(1)
    expect(statSync(join(cacheDir, files[0])).mode & 0o777).toBe(0o600)
    // A refresh (after a 401) runs the plugin again.
    await getExecCredential(exec, cluster, {cacheDir, refresh: true})
    expect(runs()).toBe(2)
  })

  it('runs the plugin again once the token has expired', async () => {
    const past = new Date(Date.now() - 1000).toISOString()
    const {exec, runs} = plugin(`printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t","expirationTimestamp":"${past}"}}'`)
    await getExecCredential(exec, cluster, {cacheDir: false})
    await getExecCredential(exec, cluster, {cacheDir: false})
    expect(runs()).toBe(2)
  })

  it('reports plugin failures without printing its output', async () => {
    const failing = plugin('echo "secret-on-stdout"; echo "please log in" >&2; exit 3')
    await expect(getExecCredential(failing.exec, cluster, {cacheDir: false})).rejects.toThrow(/exited 3: please log in$/)
    const garbage = plugin('echo "secret-on-stdout"')
    const error = await getExecCredential(garbage.exec, cluster, {cacheDir: false}).catch(e => e as Error)
    expect(error.message).toMatch(/did not print an ExecCredential/)
    expect(error.message).not.toContain('secret-on-stdout')
    const missing = {...failing.exec, command: join(root, 'no-such-plugin'), installHint: 'Install it from example.com'}
    await expect(getExecCredential(missing, cluster, {cacheDir: false})).rejects.toThrow(/exec plugin not found: .*no-such-plugin; Install it from example.com/)
  })
})

describe('basic auth', () => {
  it('sends the kubeconfig\'s username and password as HTTP basic auth, and never shows the password', async () => {
    // kube-apiserver 1.20 has no basic auth any more: a loopback server that records what it is sent.
    const seen: string[] = []
    const server = createServer((req, res) => {
      seen.push(String(req.headers.authorization))
      res.writeHead(401, {'content-type': 'application/json'})
      res.end(JSON.stringify({kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401}))
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    try {
      const d = dir()
      const path = write(join(d, 'config'), `
current-context: a
clusters: [{name: c, cluster: {server: 'http://127.0.0.1:${(server.address() as AddressInfo).port}'}}]
users: [{name: admin, user: {username: admin, password: pa55-word}}]
contexts: [{name: a, context: {cluster: c, user: admin}}]
`)
      const store = await openKubernetesStore({kubeconfig: path, requestTimeoutMs: 5000, apiGroup: 'crd.projectcalico.org/v1'})
      const error = await store.list().then(() => undefined, e => e as Error)
      await store.close()
      expect(seen[0]).toBe(`Basic ${Buffer.from('admin:pa55-word').toString('base64')}`)
      expect(error).toBeInstanceOf(DatastoreUnavailableError)
      expect(error?.message).toMatch(/^connection is unauthorized: Unauthorized; check the credentials for user "admin"/)
      expect(error?.message).not.toContain('pa55-word')
    } finally {
      server.close()
    }
  })
})
