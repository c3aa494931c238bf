import type {Datastore, WatchEvent} from '../datastore/datastore.js'
import type {HostEndpoint} from '../model/hostendpoint.js'
import type {LabelSelector} from '../model/label-selector.js'

/**
 * `get -w`: the list, then every change, as kubectl's watch events. Where the backend has a watch of its own
 * (Datastore.watch) it is followed from the list's revision; otherwise the store is listed again every
 * `intervalMs` and the differences are the events (the file store follows its journal this way: each list
 * reads only the journal bytes added since the last one, and a rewritten snapshot is read again whole).
 */
export interface WatchOptions {
  selector?: LabelSelector
  /** Only these names (get -w NAME...). */
  names?: readonly string[]
  /** Also emit the listed objects first, as ADDED (get -w; not --watch-only). */
  includeInitial: boolean
  signal: AbortSignal
  onEvent: (event: WatchEvent) => void
  intervalMs?: number
}

/** The events that turn `before` into `after`: by name, a changed resourceVersion is MODIFIED. */
export function diffObjects(before: ReadonlyMap<string, HostEndpoint>, after: readonly HostEndpoint[]): WatchEvent[] {
  const events: WatchEvent[] = []
  const seen = new Set<string>()
  for (const object of after) {
    const name = object.metadata.name
    seen.add(name)
    const old = before.get(name)
    if (!old) events.push({type: 'ADDED', object})
    else if (old.metadata.resourceVersion !== object.metadata.resourceVersion) events.push({type: 'MODIFIED', object})
  }
  for (const [name, object] of before) if (!seen.has(name)) events.push({type: 'DELETED', object})
  return events
}

function byName(objects: readonly HostEndpoint[]): Map<string, HostEndpoint> {
  return new Map(objects.map(o => [o.metadata.name, o]))
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done(): void {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, {once: true})
  })
}

/** Runs until `signal` aborts; returns then. Errors of the store (unreachable, damaged) are thrown. */
export async function watchResources(store: Datastore, options: WatchOptions): Promise<void> {
  const {selector, signal, onEvent} = options
  const wanted = options.names ? new Set(options.names) : undefined
  const keep = (objects: readonly HostEndpoint[]): HostEndpoint[] => wanted ? objects.filter(o => wanted.has(o.metadata.name)) : [...objects]
  const first = await store.list({selector})
  let known = byName(keep(first.items))
  if (options.includeInitial) for (const object of known.values()) onEvent({type: 'ADDED', object})
  if (signal.aborted) return
  if (store.watch) {
    let revision = first.revision
    const matches = (object: HostEndpoint): boolean =>
      (!wanted || wanted.has(object.metadata.name)) && (!selector || selector.matches(object.metadata.labels))
    for (;;) {
      const outcome = await store.watch({revision, signal}, event => {
        const name = event.object.metadata.name
        const had = known.has(name)
        // kubectl's selector semantics: an object that starts matching is ADDED, one that stops is DELETED.
        if (event.type !== 'DELETED' && matches(event.object)) {
          known.set(name, event.object)
          onEvent({type: had ? 'MODIFIED' : 'ADDED', object: event.object})
        } else if (had) {
          known.delete(name)
          onEvent({type: 'DELETED', object: event.object})
        }
      })
      if (outcome === 'stopped' || signal.aborted) return
      // The history from `revision` is gone: list again and report what changed meanwhile.
      const again = await store.list({selector})
      const now = keep(again.items)
      for (const event of diffObjects(known, now)) onEvent(event)
      known = byName(now)
      revision = again.revision
    }
  }
  while (!signal.aborted) {
    await sleep(options.intervalMs ?? 200, signal)
    if (signal.aborted) return
    const now = keep((await store.list({selector})).items)
    for (const event of diffObjects(known, now)) onEvent(event)
    known = byName(now)
  }
}
