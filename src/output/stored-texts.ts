/**
 * Texts rendered once at build time and printed as they are, so that a run needs neither the code nor the
 * packages that render them: dist/help.json holds oclif's help for every command (scripts/render-help.mjs,
 * src/cli/stored-help.ts), dist/crd.json the `hepctl crd` text for each API group (scripts/render-crd.mjs,
 * with crd-text.ts's renderCrds; rendering it at run time loads the `yaml` package, which costs more than half
 * of Node's own start-up). Tests hold each stored text equal to a live rendering.
 */
import {readFileSync} from 'node:fs'

/** The stored text under `key` in dist/`file`; undefined when there is none (not built, or the single binary). */
export function storedText(file: 'help.json' | 'crd.json', key: string): string | undefined {
  try {
    const texts = JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')) as Record<string, unknown>
    const text = Object.hasOwn(texts, key) ? texts[key] : undefined
    return typeof text === 'string' ? text : undefined
  } catch {
    return undefined
  }
}
