// `--dry-run=server` where no server can check a write (the file store, etcd): the client dry run, said once
// on stderr; the lines say `(dry run)`, never `(server dry run)`, and nothing is written.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {hepctl, hepYaml, useFileStore} from '../support/cli.js'
import {etcdAvailable, startEtcd, type EtcdCluster} from '../support/etcd-server.js'

const files = useFileStore()
const manifest = files.write('two.yaml', `${hepYaml('note-a')}---\n${hepYaml('note-b')}`)

/** The one note, naming the datastore that was used. */
const note = (place: string) => `Note: --dry-run=server is the same as --dry-run=client on ${place}: only the Kubernetes API server can check writes without storing them\n`

describe('--dry-run=server on the file store', () => {
  const env = files.env
  const place = `the file store at ${files.path}/store`

  it('runs the client dry run of each writing command and says so once', async () => {
    const created = await hepctl(['create', '-f', manifest, '--dry-run=server'], {env})
    expect(created.code, created.stderr).toBe(0)
    expect(created.stdout).toContain("hostendpoint/note-a created (dry run)\nhostendpoint/note-b created (dry run)\nSuccessfully created 2 'HostEndpoint' resource(s) (dry run)\n")
    expect(created.stdout).not.toContain('server dry run')
    expect(created.stderr).toBe(note(place))
    expect((await hepctl(['get', 'hep', 'note-a'], {env})).code).toBe(1)

    expect((await hepctl(['create', '-f', manifest, '-q'], {env})).code).toBe(0)
    const runs: Array<[string[], string]> = [
      [['delete', 'hep', 'note-a', 'note-b'], "Successfully deleted 2 'HostEndpoint' resource(s) (dry run)\n"],
      [['label', 'hep', 'note-a', 'zone=a'], 'Successfully set label zone on hep note-a (dry run)\n'],
      [['patch', 'hep', 'note-a', '-p', '{"spec":{"node":"other"}}'], "Successfully patched 1 'HostEndpoint' resource (dry run)\n"],
    ]
    const before = (await hepctl(['get', 'hep', '-o', 'yaml'], {env})).stdout
    for (const [args, out] of runs) {
      const r = await hepctl([...args, '--dry-run=server'], {env})
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0)
      expect(r.stdout, args.join(' ')).toContain(out)
      expect(r.stderr, args.join(' ')).toBe(note(place))
    }
    expect((await hepctl(['get', 'hep', '-o', 'yaml'], {env})).stdout).toBe(before)
  })

  it('datastore migrate import takes the same values: =server is the client dry run with the note, =false imports', async () => {
    const env = {...files.env, HEPCTL_FILE_STORE: `${files.path}/import-store`}
    const importPlace = `the file store at ${files.path}/import-store`
    const dry = await hepctl(['datastore', 'migrate', 'import', '-f', manifest, '--dry-run=server'], {env})
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toBe("Imported 2 of 2 'HostEndpoint' resource(s): 2 created, 0 overwritten, 0 failed (dry run)\n")
    expect(dry.stderr).toBe(note(importPlace))
    expect((await hepctl(['get', 'hep', 'note-a'], {env})).code).toBe(1)
    const real = await hepctl(['datastore', 'migrate', 'import', '-f', manifest, '--dry-run=false'], {env})
    expect(real.stdout).toBe("Imported 2 of 2 'HostEndpoint' resource(s): 2 created, 0 overwritten, 0 failed\n")
    expect((await hepctl(['get', 'hep', 'note-a'], {env})).code).toBe(0)
  })

  it('--dry-run=client has no note', async () => {
    const r = await hepctl(['apply', '-f', manifest, '--dry-run=client'], {env})
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
  })
})

describe.runIf(etcdAvailable())('--dry-run=server with DATASTORE_TYPE=etcdv3', () => {
  let etcd: EtcdCluster
  const env = () => ({DATASTORE_TYPE: 'etcdv3', ETCD_ENDPOINTS: etcd.endpoints.join(',')})
  beforeAll(async () => {
    etcd = await startEtcd()
  })
  afterAll(async () => {
    await etcd?.stop()
  })

  it('runs the client dry run, says so once, and writes nothing', async () => {
    const r = await hepctl(['apply', '-f', manifest, '--dry-run=server'], {env: env()})
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain("Successfully applied 2 'HostEndpoint' resource(s) (dry run)\n")
    expect(r.stdout).not.toContain('server dry run')
    expect(r.stderr).toMatch(/^Note: --dry-run=server is the same as --dry-run=client on etcd at http:\/\/127\.0\.0\.1:\d+: only the Kubernetes API server can check writes without storing them\n$/)
    expect((await hepctl(['get', 'hep', 'note-a'], {env: env()})).code).toBe(1)
  })
})
