import type {HostEndpoint} from '../model/hostendpoint.js'
import {unifiedDiff} from './unified-diff.js'
import {toYaml} from './yaml-text.js'

/** What `hepctl diff` prints: a unified diff per object apply would change, as kubectl diff labels them. */
export function diffText(diffs: readonly {name: string; live?: HostEndpoint; merged: HostEndpoint}[]): string {
  let text = ''
  for (const {name, live, merged} of diffs) {
    text += unifiedDiff(live ? toYaml(live) : '', toYaml(merged), `live/hostendpoint/${name}`, `merged/hostendpoint/${name}`)
  }
  return text
}
