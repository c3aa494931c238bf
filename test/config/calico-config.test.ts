import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {CONFIG_ERROR_EXIT} from '../../src/cli/error-report.js'
import {ConfigError} from '../../src/config/config-error.js'
import {parseDuration, resolveConfig} from '../../src/config/calico-config.js'
import {tempDir} from '../support/cli.js'

const dir = tempDir()
afterAll(() => dir.cleanup())
const cfg = (name: string, text: string) => {
  const path = join(dir.path, name)
  writeFileSync(path, text)
  return path
}
const fromEnv = (env: NodeJS.ProcessEnv) => resolveConfig({config: undefined}, env)

describe('resolveConfig from the environment', () => {
  // The default config path must not exist for these; it does not on the test machines.
  it('uses the file store under XDG_DATA_HOME when nothing is configured', () => {
    const {datastore, source} = fromEnv({HOME: '/home/u', XDG_DATA_HOME: '/data'})
    expect(source).toBe('environment')
    expect(datastore).toEqual({type: 'file', file: {path: '/data/hepctl'}})
    expect(fromEnv({HOME: '/home/u'}).datastore.file?.path).toBe('/home/u/.local/share/hepctl')
    expect(fromEnv({HOME: '/home/u', HEPCTL_FILE_STORE: '/s'}).datastore.file?.path).toBe('/s')
  })

  it('chooses etcdv3 when endpoints are set, and CALICO_ variables win', () => {
    const {datastore} = fromEnv({ETCD_ENDPOINTS: 'http://a:2379, http://b:2379', ETCD_USERNAME: 'u', ETCD_PASSWORD: 'p'})
    expect(datastore.type).toBe('etcdv3')
    expect(datastore.etcd).toMatchObject({endpoints: ['http://a:2379', 'http://b:2379'], username: 'u', password: 'p'})
    expect(fromEnv({DATASTORE_TYPE: 'etcdv3', CALICO_DATASTORE_TYPE: 'file'}).datastore.type).toBe('file')
  })

  it('uses username and password only together, as calicoctl does', () => {
    const {datastore} = fromEnv({ETCD_ENDPOINTS: 'http://a:2379', ETCD_USERNAME: 'u'})
    expect(datastore.etcd?.username).toBeUndefined()
  })

  it('refuses an unknown datastore type with calicoctl\'s message', () => {
    expect(() => fromEnv({DATASTORE_TYPE: 'mongo'})).toThrow('unknown datastore type: mongo')
  })

  it('reads Kubernetes settings, with --context and --kubeconfig flags on top', () => {
    const {datastore} = resolveConfig({context: 'ctx', kubeconfig: '/k', requestTimeout: '5s'}, {DATASTORE_TYPE: 'kubernetes', K8S_API_TOKEN: 't', K8S_INSECURE_SKIP_TLS_VERIFY: 'true'})
    expect(datastore.kubernetes).toMatchObject({kubeconfig: '/k', context: 'ctx', token: 't', insecureSkipTLSVerify: true, requestTimeoutMs: 5000})
    expect(resolveConfig({kubeconfig: '/k'}, {}).datastore.type).toBe('kubernetes')
    expect(fromEnv({KUBECONFIG: '/k'}).datastore.type).toBe('file')
  })
})

describe('resolveConfig from a CalicoAPIConfig file', () => {
  it('reads the file and ignores the environment', () => {
    const path = cfg('etcd.cfg', 'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nmetadata: {}\nspec:\n  datastoreType: etcdv3\n  etcdEndpoints: http://10.0.0.1:2379\n  etcdCACert: PEM\n')
    const {datastore, source} = resolveConfig({config: path}, {DATASTORE_TYPE: 'file'})
    expect(source).toContain(path)
    expect(datastore.etcd).toMatchObject({endpoints: ['http://10.0.0.1:2379'], caCert: 'PEM'})
  })

  it('means Kubernetes when the type is empty and there are no etcd endpoints', () => {
    const path = cfg('k.cfg', '{"apiVersion":"projectcalico.org/v3","kind":"CalicoAPIConfig","spec":{"kubeconfig":"/kc"}}')
    expect(resolveConfig({config: path}, {}).datastore).toMatchObject({type: 'kubernetes', kubernetes: {kubeconfig: '/kc'}})
  })

  it('supports the file store', () => {
    const path = cfg('f.cfg', 'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nspec:\n  datastoreType: file\n  fileStorePath: /var/lib/hepctl\n')
    expect(resolveConfig({config: path}, {}).datastore).toEqual({type: 'file', file: {path: '/var/lib/hepctl'}})
  })

  it('is strict and says what is wrong', () => {
    const bad = (text: string) => () => resolveConfig({config: cfg('bad.cfg', text)}, {})
    expect(bad('apiVersion: v1\nkind: CalicoAPIConfig\n')).toThrow("invalid config file: unknown APIVersion 'v1'")
    expect(bad('apiVersion: projectcalico.org/v3\nkind: Config\n')).toThrow("expected kind 'CalicoAPIConfig', got 'Config'")
    expect(bad('apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nspec:\n  etcdEndpoint: x\n')).toThrow('unknown field "spec.etcdEndpoint"')
    expect(bad('apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nspec:\n  a: 1\n  a: 2\n')).toThrow(/syntax error in .*bad\.cfg/)
  })

  it('fails with exit code 3 for a config path that was given but is missing', () => {
    const attempt = () => resolveConfig({config: join(dir.path, 'missing.cfg')}, {})
    expect(attempt).toThrow(/Error reading config file: .*missing\.cfg/)
    expect(attempt).toThrow(expect.objectContaining({kind: 'unusable'}))
    expect(attempt).toThrow(ConfigError)
    expect(CONFIG_ERROR_EXIT.unusable).toBe(3)
  })
})

describe('parseDuration (--request-timeout)', () => {
  it('reads kubectl\'s forms', () => {
    expect(parseDuration(undefined)).toBe(30_000)
    expect(parseDuration('500ms')).toBe(500)
    expect(parseDuration('2m')).toBe(120_000)
    expect(parseDuration('7')).toBe(7000)
    expect(() => parseDuration('soon')).toThrow(/invalid --request-timeout/)
  })
})

describe('secrets in configuration', () => {
  it('a syntax error in a config file does not quote the file (which holds passwords)', () => {
    const path = cfg('secret.cfg', 'apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\nspec:\n  etcdPassword: s3cretPASS\n  etcdPassword: again\n')
    let message = ''
    try {
      resolveConfig({config: path}, {})
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/syntax error in .*secret\.cfg/)
    expect(message).not.toContain('s3cretPASS')
  })
})
