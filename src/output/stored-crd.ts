/**
 * `hepctl crd` without the `yaml` package: the text for each API group is rendered once at build time
 * (scripts/render-crd.mjs, with renderCrds of crd-text.ts) into dist/crd.json. Rendering it at run time loads
 * that package, which costs more than half of Node's own start-up; the schema it comes from ships with hepctl,
 * so the text cannot differ. A test holds the stored text equal to a live rendering.
 */
import {readFileSync} from 'node:fs'

import type {CrdGroup} from '../datastore/kubernetes/crd.js'

/** The stored text for `group`; undefined when there is none (not built, or the single binary). */
export function storedCrdText(group: CrdGroup): string | undefined {
  try {
    const texts = JSON.parse(readFileSync(new URL('../crd.json', import.meta.url), 'utf8')) as Record<string, unknown>
    const text = texts[group]
    return typeof text === 'string' ? text : undefined
  } catch {
    return undefined
  }
}
