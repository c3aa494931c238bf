// `hepctl version` in kubectl's forms: --client (the client only, no configuration read) and -o json|yaml.
import {parse} from 'yaml'
import {describe, expect, it} from 'vitest'

import {hepctl} from '../support/cli.js'

describe('version --client and -o', () => {
  it('--client prints only the client version and never reads the datastore configuration', async () => {
    // A configuration that would fail if it were read.
    const r = await hepctl(['version', '--client'], {env: {DATASTORE_TYPE: 'bogus'}})
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Client Version:\s+\d+\.\d+\.\d+\n$/)
    expect(r.stderr).toBe('')
    const full = await hepctl(['version'], {env: {DATASTORE_TYPE: 'bogus'}})
    expect(full.code).toBe(3)
  })

  it('-o json is kubectl\'s shape plus where the datastore is, without secrets', async () => {
    const r = await hepctl(['version', '-o', 'json'], {env: {ETCD_ENDPOINTS: 'http://admin:s3cret@10.0.0.1:2379'}})
    expect(r.code).toBe(0)
    const doc = JSON.parse(r.stdout)
    expect(doc.clientVersion.gitVersion).toMatch(/^v\d+\.\d+\.\d+$/)
    expect(doc.clientVersion.major).toMatch(/^\d+$/)
    expect(doc.datastore).toEqual({type: 'etcdv3', location: 'http://10.0.0.1:2379', configuredBy: expect.any(String)})
    expect(r.stdout).not.toContain('s3cret')
  })

  it('-o yaml with --client holds clientVersion only', async () => {
    const r = await hepctl(['version', '--client', '-o', 'yaml'], {env: {DATASTORE_TYPE: 'bogus'}})
    expect(r.code).toBe(0)
    const doc = parse(r.stdout)
    expect(Object.keys(doc)).toEqual(['clientVersion'])
    expect(doc.clientVersion.gitVersion).toMatch(/^v\d+\.\d+\.\d+$/)
    // kubectl's YAML goes through JSON and a map, so its keys come sorted.
    expect(Object.keys(doc.clientVersion)).toEqual(['gitVersion', 'major', 'minor', 'platform'])
  })

  it('-o with another format is a usage error', async () => {
    const r = await hepctl(['version', '-o', 'xml'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe("--output=xml is not one of: json, yaml; see 'hepctl version --help'\n")
  })
})
