/**
 * What a shell may complete at the end of a partial hepctl command line: commands, flags, flag values,
 * kinds and, from the configured datastore, resource names. The shell scripts (src/output/completion-scripts.ts)
 * call `hepctl __complete -- WORD...` and show what this returns.
 */
import {KIND_ALIASES} from '../model/hostendpoint.js'
import type {FlagSpec, FlagTable} from './flag-table.js'
import {globalFlags} from './global-flags.js'
import {isResourceType} from './resource-args.js'
import type {Verb} from './verb.js'
import {loadVerb, VERBS} from './verb-registry.js'

export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const

/** What the shell should offer: these words, or file names (then `words` is empty). */
export interface Completion {
  words: string[]
  files: boolean
}

/** Where a verb's positionals take a kind and resource names: the kind's index, and whether any number of names follow. */
const KIND_POSITIONALS: Readonly<Record<string, {names: 'one' | 'many'}>> = {
  get: {names: 'many'},
  delete: {names: 'many'},
  label: {names: 'one'},
  patch: {names: 'one'},
  edit: {names: 'many'},
}

/** Flags whose value is a path. */
const FILE_FLAGS = new Set(['filename', 'config', 'kubeconfig'])

/** Values offered for `-o`/`--output` of get (the others list their options in their table). */
const GET_OUTPUT_VALUES = ['ps', 'wide', 'yaml', 'json', 'name', 'custom-columns=', 'jsonpath=', 'jsonpath-file=', 'go-template=', 'go-template-file=']

/** Lists resource names, given the global flags found on the command line; never throws. */
export type NameLister = (globals: Record<string, string>) => Promise<string[]>

function findFlag(table: FlagTable, word: string): [string, FlagSpec] | undefined {
  if (word.startsWith('--')) {
    const name = word.slice(2)
    const spec = table[name]
    if (spec) return [name, spec]
    return Object.entries(table).find(([, s]) => s.aliases?.includes(name))
  }
  const short = word.slice(1)
  return Object.entries(table).find(([, s]) => s.short === short || s.aliases?.includes(short))
}

const takesValue = (spec: FlagSpec): boolean => spec.type !== 'boolean'

function flagWords(table: FlagTable): string[] {
  const words: string[] = []
  for (const [name, spec] of Object.entries(table)) {
    words.push(`--${name}`)
    if (spec.short) words.push(`-${spec.short}`)
  }
  return words
}

function valueWords(verb: Verb | undefined, name: string, spec: FlagSpec): Completion {
  if (FILE_FLAGS.has(name)) return {words: [], files: true}
  if (spec.options) return {words: [...spec.options], files: false}
  if (name === 'output' && verb?.name === 'get') return {words: GET_OUTPUT_VALUES, files: false}
  if (spec.description.includes('true or false')) return {words: ['true', 'false'], files: false}
  return {words: [], files: false}
}

const visibleVerbs = (): string[] => Object.keys(VERBS).filter(v => !v.startsWith('__'))

/** The completion of the last of `words` (the words after `hepctl`; the last one is being typed, maybe ''). */
export async function completeWords(words: readonly string[], listNames: NameLister): Promise<Completion> {
  const current = words.at(-1) ?? ''
  const before = words.slice(0, -1)
  let verb: Verb | undefined
  let table: FlagTable = globalFlags
  const globals: Record<string, string> = {}
  const positionals: string[] = []
  let pending: [string, FlagSpec] | undefined
  let afterDoubleDash = false
  for (const word of before) {
    if (pending) {
      if (pending[0] in globalFlags) globals[pending[0]] = word
      pending = undefined
    } else if (!afterDoubleDash && word === '--') {
      afterDoubleDash = true
    } else if (!afterDoubleDash && word.startsWith('-') && word.length > 1) {
      const eq = word.indexOf('=')
      const flag = findFlag(table, eq < 0 ? word : word.slice(0, eq))
      if (flag && eq >= 0 && flag[0] in globalFlags) globals[flag[0]] = word.slice(eq + 1)
      if (flag && eq < 0 && takesValue(flag[1])) pending = flag
    } else if (verb === undefined) {
      verb = await loadVerb(word)
      if (verb === undefined) return {words: [], files: false}
      table = {...globalFlags, ...verb.flags}
    } else {
      positionals.push(word)
    }
  }
  const matching = (candidates: readonly string[]): Completion => ({words: candidates.filter(c => c.startsWith(current)), files: false})

  if (pending) {
    const values = valueWords(verb, pending[0], pending[1])
    return values.files ? values : matching(values.words)
  }
  if (!afterDoubleDash && current.startsWith('-')) {
    const eq = current.indexOf('=')
    if (eq >= 0) {
      const flag = findFlag(table, current.slice(0, eq))
      if (!flag || !takesValue(flag[1])) return {words: [], files: false}
      const values = valueWords(verb, flag[0], flag[1])
      if (values.files) return values
      const prefix = current.slice(0, eq + 1)
      return matching(values.words.map(v => prefix + v))
    }
    return matching(flagWords(table))
  }
  if (verb === undefined) return matching(visibleVerbs())
  if (verb.name === 'completion') return positionals.length === 0 ? matching(SHELLS) : {words: [], files: false}
  const kindVerb = KIND_POSITIONALS[verb.name]
  if (kindVerb) return completeResources(kindVerb.names, positionals, current, async () => listNames(globals))
  return {words: [], files: false}
}

/**
 * The resource positionals, as kubectl completes them: `KIND NAME...`, or `TYPE/NAME...` once the word being
 * typed has a `/` after a known TYPE (the user's spelling kept). A partial word without `/` is a kind, as
 * the first positional; after a `TYPE/NAME`, where more may follow, it is the `TYPE/` of the next one. The
 * two forms do not mix (hepctl refuses that), so nothing is offered for a mix.
 */
async function completeResources(names: 'one' | 'many', positionals: readonly string[], current: string, list: () => Promise<string[]>): Promise<Completion> {
  const none: Completion = {words: [], files: false}
  const slash = current.indexOf('/')
  const typeNameForm = positionals.length > 0 && positionals[0].includes('/')
  if (slash >= 0) {
    if (positionals.length > 0 && (!typeNameForm || names === 'one')) return none
    const type = current.slice(0, slash)
    if (!isResourceType(type)) return none
    const given = new Set(positionals.map(p => p.slice(p.indexOf('/') + 1)))
    const words = (await list()).filter(n => !given.has(n)).map(n => `${type}/${n}`)
    return {words: words.filter(w => w.startsWith(current)), files: false}
  }
  const kinds = KIND_ALIASES.filter(k => k.startsWith(current))
  if (positionals.length === 0) return {words: kinds, files: false}
  if (typeNameForm) return names === 'many' ? {words: kinds.map(k => `${k}/`), files: false} : none
  if (names === 'many' || positionals.length === 1) {
    const given = new Set(positionals.slice(1))
    return {words: (await list()).filter(n => !given.has(n) && n.startsWith(current)), files: false}
  }
  return none
}

/** The text `__complete` prints: one candidate a line, then `:files` or `:words` saying what the shell should do. */
export function completionText(completion: Completion): string {
  return [...completion.words, completion.files ? ':files' : ':words'].join('\n') + '\n'
}
