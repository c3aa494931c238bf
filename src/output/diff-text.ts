import type {ChalkInstance} from 'chalk'

import type {HostEndpoint} from '../model/hostendpoint.js'
import {PLAIN} from './colour.js'
import {type DiffStyle, unifiedDiff} from './unified-diff.js'
import {toYaml} from './yaml-text.js'

/** One object `hepctl diff` compares: what is stored (absent when new) and what apply would store. */
export interface ObjectDiff {
  name: string
  live?: HostEndpoint
  merged: HostEndpoint
}

/** git's and `diff --color`'s colours: file headers bold, hunk headers cyan, removed red, added green. */
function diffStyle(colours: ChalkInstance): DiffStyle {
  return {header: line => colours.bold(line), hunk: line => colours.cyan(line), removed: line => colours.red(line), added: line => colours.green(line)}
}

/**
 * What `hepctl diff` prints: a unified diff per object apply would change, as kubectl diff labels them;
 * coloured with `colours` (see colour.ts: coloursFor(process.stdout)), plain by default.
 */
export function diffText(diffs: readonly ObjectDiff[], colours: ChalkInstance = PLAIN): string {
  const style = diffStyle(colours)
  let text = ''
  for (const diff of diffs) {
    const {live, merged} = diffFileTexts(diff)
    text += unifiedDiff(live, merged, `live/hostendpoint/${diff.name}`, `merged/hostendpoint/${diff.name}`, style)
  }
  return text
}

/** The two YAML texts compared for one object (also the LIVE and MERGED files of an external diff): '' for an object not stored yet. */
export function diffFileTexts({live, merged}: ObjectDiff): {live: string; merged: string} {
  return {live: live ? toYaml(live) : '', merged: toYaml(merged)}
}
