// `--dry-run=server` on the Kubernetes datastore against a real kube-apiserver: every write is sent with
// dryRun=All, so the server checks it and stores nothing, and hepctl prints the server's answer, marked
// `(server dry run)` as kubectl marks it.
import {describe, expect, it} from 'vitest'

import {hepctl, hepYaml, useFileStore} from '../support/cli.js'
import {kubeRequest, useKubeApiserver} from '../support/kube-apiserver.js'

const PATH = '/apis/crd.projectcalico.org/v1/hostendpoints'
const files = useFileStore()
const server = useKubeApiserver()

describe.runIf(server)('--dry-run=server with DATASTORE_TYPE=kubernetes', () => {
  const info = server!
  // A function: without a server this block is still collected, though its tests do not run.
  const env = () => ({DATASTORE_TYPE: 'kubernetes', KUBECONFIG: info.kubeconfig})
  /** The custom resource exactly as the server holds it (status 404 when absent). */
  const stored = async (name: string) => kubeRequest(info, 'GET', `${PATH}/${name}`)

  it('create, apply, replace, label, patch and delete are checked by the server and change nothing on it', async () => {
    const kept = files.write('kept.yaml', hepYaml('sd-kept', {labels: {tier: 'web'}}))
    expect((await hepctl(['create', '-f', kept], {env: env()})).code).toBe(0)
    const before = await stored('sd-kept')
    expect(before.status).toBe(200)

    const fresh = await hepctl(['create', '-f', files.write('new.yaml', hepYaml('sd-new')), '--dry-run=server'], {env: env()})
    expect(fresh.code, fresh.stderr).toBe(0)
    expect(fresh.stdout).toContain("hostendpoint/sd-new created (server dry run)\nSuccessfully created 1 'HostEndpoint' resource(s) (server dry run)\n")
    expect(fresh.stderr).toBe('')
    expect((await stored('sd-new')).status).toBe(404)

    const changed = files.write('changed.yaml', hepYaml('sd-kept', {labels: {tier: 'db'}, iface: 'eth1'}))
    const runs: Array<[string[], string]> = [
      [['apply', '-f', changed], "hostendpoint/sd-kept configured (server dry run)\nSuccessfully applied 1 'HostEndpoint' resource(s) (server dry run)\n"],
      [['replace', '-f', changed], "hostendpoint/sd-kept configured (server dry run)\nSuccessfully replaced 1 'HostEndpoint' resource(s) (server dry run)\n"],
      [['label', 'hep', 'sd-kept', 'zone=a'], 'Successfully set label zone on hep sd-kept (server dry run)\n'],
      [['patch', 'hep', 'sd-kept', '-p', '{"spec":{"node":"other"}}'], "Successfully patched 1 'HostEndpoint' resource (server dry run)\n"],
      [['delete', 'hep', 'sd-kept'], "hostendpoint/sd-kept deleted (server dry run)\nSuccessfully deleted 1 'HostEndpoint' resource(s) (server dry run)\n"],
      [['delete', '-f', kept], "hostendpoint/sd-kept deleted (server dry run)\n"],
      [['delete', 'hep', '-l', 'tier=web'], "hostendpoint/sd-kept deleted (server dry run)\n"],
    ]
    for (const [args, out] of runs) {
      const r = await hepctl([...args, '--dry-run=server'], {env: env()})
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0)
      expect(r.stdout, args.join(' ')).toContain(out)
      expect(r.stderr, args.join(' ')).toBe('')
      // Byte for byte what the server held before, resourceVersion included: nothing was written.
      expect(await stored('sd-kept'), args.join(' ')).toEqual(before)
    }
  })

  it('answers with the object as the server would store it, converted from Calico\'s layout as reads are', async () => {
    const name = 'sd-answer'
    expect((await hepctl(['create', '-f', files.write('answer.yaml', hepYaml(name, {labels: {tier: 'web'}}))], {env: env()})).code).toBe(0)
    const read = JSON.parse((await hepctl(['get', 'hep', name, '-o', 'json'], {env: env()})).stdout)
    const r = await hepctl(['apply', '-f', files.write('answer2.yaml', hepYaml(name, {labels: {tier: 'db'}})), '--dry-run=server', '-o', 'json'], {env: env()})
    expect(r.code, r.stderr).toBe(0)
    const answer = JSON.parse(r.stdout)
    expect(answer).toMatchObject({dryRun: true, dryRunStrategy: 'server', results: [{name, action: 'configured'}]})
    const object = answer.results[0].object
    // The v3 identity a read shows (Calico's uid conversion undone), the new labels out of Calico's annotation.
    expect(object.metadata).toEqual({...read.metadata, labels: {tier: 'db'}})
    expect(JSON.stringify(object)).not.toContain('projectcalico.org/metadata')
  })

  it('reports the uid the server would assign, where the client dry run can only keep the input\'s', async () => {
    // migrate import keeps an export's uid; the Kubernetes API server assigns its own, and only it knows which.
    const exported = files.write('export.yaml', JSON.stringify({
      apiVersion: 'projectcalico.org/v3', kind: 'HostEndpointList', metadata: {},
      items: [{apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: {name: 'sd-import', uid: '11111111-2222-4333-8444-555555555555', creationTimestamp: '2024-01-02T03:04:05Z'}, spec: {node: 'n1', interfaceName: 'eth0', expectedIPs: ['10.0.0.1'], profiles: ['projectcalico-default-allow']}}],
    }))
    const client = await hepctl(['datastore', 'migrate', 'import', '-f', exported, '--dry-run=client'], {env: env()})
    expect(client.code, client.stderr).toBe(0)
    expect(client.stdout).toBe("Imported 1 of 1 'HostEndpoint' resource(s): 1 created, 0 overwritten, 0 failed (dry run)\n")
    expect(client.stderr).not.toContain('assigned its own uid')
    const checked = await hepctl(['datastore', 'migrate', 'import', '-f', exported, '--dry-run=server'], {env: env()})
    expect(checked.code, checked.stderr).toBe(0)
    expect(checked.stdout).toBe("Imported 1 of 1 'HostEndpoint' resource(s): 1 created, 0 overwritten, 0 failed (server dry run)\n")
    expect(checked.stderr).toContain('note: the datastore assigned its own uid to 1 resource(s)')
    expect((await stored('sd-import')).status).toBe(404)
  })

  it('shows the server\'s refusal of an object hepctl\'s own checks and the client dry run pass', async () => {
    // 262,100 bytes of annotations are within Kubernetes' 256 KiB as hepctl counts them, but Calico's layout
    // puts them, JSON-encoded with the rest of the v3 metadata, into one annotation of the custom resource,
    // which the API server finds too long.
    const big = files.write('big.yaml', hepYaml('sd-big').replace('metadata:\n', `metadata:\n  annotations:\n    note: ${'x'.repeat(262_100)}\n`))
    const client = await hepctl(['create', '-f', big, '--dry-run=client'], {env: env()})
    expect(client.code, client.stderr).toBe(0)
    expect(client.stdout).toContain('hostendpoint/sd-big created (dry run)\n')
    const checked = await hepctl(['create', '-f', big, '--dry-run=server'], {env: env()})
    expect(checked.code).toBe(1)
    expect(checked.stdout).not.toContain('created')
    expect(checked.stderr).toContain('hostendpoint/sd-big failed: HostEndpoint.crd.projectcalico.org "sd-big" is invalid: metadata.annotations: Too long: must have at most 262144 bytes (server dry run)\n')
    expect(checked.stderr).toContain("failed to create 'HostEndpoint' resource: [HostEndpoint.crd.projectcalico.org \"sd-big\" is invalid: metadata.annotations: Too long")
    expect((await stored('sd-big')).status).toBe(404)
  })

  it('a create of an existing name fails with the server\'s AlreadyExists, not hepctl\'s own', async () => {
    const name = 'sd-exists'
    const file = files.write('exists.yaml', hepYaml(name))
    expect((await hepctl(['create', '-f', file], {env: env()})).code).toBe(0)
    const before = await stored(name)
    const client = await hepctl(['create', '-f', file, '--dry-run=client'], {env: env()})
    expect(client.code).toBe(1)
    expect(client.stderr).toContain(`hostendpoint/${name} failed: resource already exists: HostEndpoint(${name}) with error: <nil> (dry run)\n`)
    const checked = await hepctl(['create', '-f', file, '--dry-run=server'], {env: env()})
    expect(checked.code).toBe(1)
    expect(checked.stderr).toContain(`hostendpoint/${name} failed: resource already exists: HostEndpoint(${name}) with error: hostendpoints.crd.projectcalico.org "${name}" already exists (server dry run)\n`)
    expect(await stored(name)).toEqual(before)
  })
})
