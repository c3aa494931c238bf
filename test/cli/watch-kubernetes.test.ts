// `get -w` against the real kube-apiserver: the list, then the watch API's events for changes another hepctl
// makes, resumed from the last resourceVersion after the connection is cut; Ctrl-C exits 0.
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, describe, expect, it} from 'vitest'

import {hepctl, hepYaml, tempDir} from '../support/cli.js'
import {useKubeApiserver} from '../support/kube-apiserver.js'
import {startTcpRelay} from '../support/tcp-relay.js'
import {startWatch} from '../support/watch-process.js'

const server = useKubeApiserver()
const dir = tempDir('hepctl-kube-watch-')
afterAll(() => dir.cleanup())

describe.runIf(server)('get -w with DATASTORE_TYPE=kubernetes', () => {
  const info = server!
  const env = (kubeconfig = info.kubeconfig) => ({DATASTORE_TYPE: 'kubernetes', KUBECONFIG: kubeconfig})
  const file = (name: string, labels: Record<string, string>) => {
    const path = join(dir.path, `${name}.yaml`)
    writeFileSync(path, hepYaml(name, {labels}))
    return path
  }

  it('lists, then prints ADDED, MODIFIED and DELETED events as they happen (-l selects this test\'s objects)', async () => {
    const run = {'watch-run': 'one'}
    expect((await hepctl(['apply', '-f', file('kw-a', run)], {env: env()})).code).toBe(0)
    const w = startWatch(['get', 'hep', '-w', '-o', 'json', '--output-watch-events', '-l', 'watch-run=one'], env())
    await w.until(out => out.includes('"name": "kw-a"'))
    expect((await hepctl(['apply', '-f', file('kw-b', run)], {env: env()})).code).toBe(0)
    expect((await hepctl(['label', 'hep', 'kw-a', 'x=y'], {env: env()})).code).toBe(0)
    expect((await hepctl(['delete', 'hep', 'kw-b'], {env: env()})).code).toBe(0)
    await w.until(out => out.includes('"DELETED"'))
    expect(await w.stop('SIGINT')).toBe(0)
    expect(w.stderr()).toBe('')
    const events = w.stdout().trim().split(/\n(?=\{)/).map(text => JSON.parse(text) as {type: string; object: {apiVersion: string; metadata: {name: string; labels?: Record<string, string>}}})
    expect(events.map(e => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED kw-a', 'ADDED kw-b', 'MODIFIED kw-a', 'DELETED kw-b'])
    // Converted from Calico's crd.projectcalico.org/v1 layout as the reads convert it.
    expect(events[2].object.apiVersion).toBe('projectcalico.org/v3')
    expect(events[2].object.metadata.labels).toEqual({'watch-run': 'one', x: 'y'})
  })

  it('resumes from the last resourceVersion after the connection is cut: no event lost, none repeated', async () => {
    const relay = await startTcpRelay(new URL(info.server))
    try {
      const relayed = join(dir.path, 'relayed-kubeconfig')
      writeFileSync(relayed, readFileSync(info.kubeconfig, 'utf8').split(info.server).join(relay.endpoint.replace('http:', 'https:')))
      const run = {'watch-run': 'two'}
      expect((await hepctl(['apply', '-f', file('kw-c', run)], {env: env()})).code).toBe(0)
      const w = startWatch(['get', 'hep', '-w', '-o', 'name', '-l', 'watch-run=two'], env(relayed))
      await w.until(out => out.includes('/kw-c'))
      relay.cutAll()
      expect((await hepctl(['apply', '-f', file('kw-d', run)], {env: env()})).code).toBe(0)
      await w.until(out => out.includes('/kw-d'))
      expect(await w.stop('SIGINT')).toBe(0)
      expect(w.stdout()).toBe('hostendpoint.projectcalico.org/kw-c\nhostendpoint.projectcalico.org/kw-d\n')
    } finally {
      await relay.close()
    }
  })
})
