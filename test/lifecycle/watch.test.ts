// The watch events' shared logic: a backend's unfiltered events through the selector (an object leaving it
// is DELETED, one entering it ADDED), and a lost history ('expired', as on 410 Gone or a compaction)
// answered by listing again and emitting the differences.
import {describe, expect, it} from 'vitest'

import type {Datastore, WatchEvent} from '../../src/datastore/datastore.js'
import {diffObjects, watchResources} from '../../src/lifecycle/watch.js'
import type {HostEndpoint} from '../../src/model/hostendpoint.js'
import {parseLabelSelector} from '../../src/model/label-selector.js'

const hep = (name: string, rv: string, labels: Record<string, string> = {}): HostEndpoint =>
  ({apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: {name, resourceVersion: rv, labels}, spec: {node: 'n1'}}) as HostEndpoint

/** A store whose list answers come from `lists` in turn and whose watch plays `rounds` in turn. */
function scripted(lists: HostEndpoint[][], rounds: {events: WatchEvent[]; end: 'stopped' | 'expired'}[]): Datastore & {watchedFrom: string[]} {
  let listed = 0
  let round = 0
  const watchedFrom: string[] = []
  return {
    type: 'file',
    location: 'test',
    watchedFrom,
    async get() {
      return undefined
    },
    async list(options = {}) {
      const items = lists[Math.min(listed, lists.length - 1)].filter(o => !options.selector || options.selector.matches(o.metadata.labels))
      return {items, revision: String(++listed * 10)}
    },
    async write() {
      return []
    },
    async close() {},
    async watch(request, onEvent) {
      watchedFrom.push(request.revision)
      const r = rounds[round++]
      for (const e of r.events) onEvent(e)
      return r.end
    },
  }
}

describe('diffObjects', () => {
  it('is ADDED for new names, MODIFIED for a new resourceVersion, DELETED for names gone', () => {
    const before = new Map([['a', hep('a', '1')], ['b', hep('b', '2')], ['c', hep('c', '3')]])
    const events = diffObjects(before, [hep('a', '1'), hep('b', '5'), hep('d', '6')])
    expect(events.map(e => `${e.type} ${e.object.metadata.name}`)).toEqual(['MODIFIED b', 'ADDED d', 'DELETED c'])
  })
})

describe('watchResources', () => {
  it('applies the selector to the events: entering is ADDED, leaving is DELETED, others unseen', async () => {
    const store = scripted([[hep('a', '1', {t: 'web'})]], [{
      end: 'stopped',
      events: [
        {type: 'ADDED', object: hep('x', '11', {t: 'db'})},
        {type: 'MODIFIED', object: hep('x', '12', {t: 'web'})},
        {type: 'MODIFIED', object: hep('a', '13', {t: 'db'})},
        {type: 'DELETED', object: hep('z', '14', {t: 'db'})},
      ],
    }])
    const seen: string[] = []
    await watchResources(store, {selector: parseLabelSelector('t=web'), includeInitial: true, signal: new AbortController().signal, onEvent: e => seen.push(`${e.type} ${e.object.metadata.name}`)})
    expect(seen).toEqual(['ADDED a', 'ADDED x', 'DELETED a'])
    expect(store.watchedFrom).toEqual(['10'])
  })

  it('after an expired history, lists again, emits the differences and watches on from the new list', async () => {
    const store = scripted([[hep('a', '1'), hep('b', '2')], [hep('a', '7'), hep('c', '8')]], [
      {events: [], end: 'expired'},
      {events: [{type: 'DELETED', object: hep('c', '21')}], end: 'stopped'},
    ])
    const seen: string[] = []
    await watchResources(store, {includeInitial: false, signal: new AbortController().signal, onEvent: e => seen.push(`${e.type} ${e.object.metadata.name}`)})
    expect(seen).toEqual(['MODIFIED a', 'ADDED c', 'DELETED b', 'DELETED c'])
    expect(store.watchedFrom).toEqual(['10', '20'])
  })
})
