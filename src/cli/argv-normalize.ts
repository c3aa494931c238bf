/**
 * Brings argv into the one shape both parsers read (the fast route's and oclif's), so that the flag forms
 * kubectl and calicoctl users type work the same on either route:
 * - global flags before the command (`hepctl --context prod get hep`) move after it;
 * - `-h` anywhere and `hepctl help [COMMAND]` become `COMMAND --help`;
 * - booleans take `--flag=true` and `--flag=false`;
 * - a flag with a bare value (`--dry-run`, kubectl's spelling of `--dry-run=client`) gets that value;
 * - an unknown flag or command is one line that names it, with "did you mean" where a near name exists.
 */
import type {FlagSpec, FlagTable} from './flag-table.js'
import {nearest} from '../problem/nearest-name.js'

export {nearest} from '../problem/nearest-name.js'

export class UsageLineError extends Error {
  /** `message` names the mistake; `suggestion` a near name, when there is one. */
  constructor(message: string, readonly suggestion?: string) {
    super(message)
    this.name = 'UsageLineError'
  }
}

const HELP_FLAGS = new Set(['-h', '--help'])

interface FlagLookup {
  long: Map<string, [string, FlagSpec]>
  short: Map<string, [string, FlagSpec]>
}

function lookupOf(table: FlagTable): FlagLookup {
  const long = new Map<string, [string, FlagSpec]>()
  const short = new Map<string, [string, FlagSpec]>()
  for (const [name, spec] of Object.entries(table)) {
    long.set(name, [name, spec])
    if (spec.short) short.set(spec.short, [name, spec])
    for (const alias of spec.aliases ?? []) (alias.length === 1 ? short : long).set(alias, [name, spec])
  }
  return {long, short}
}

/**
 * The leading global flags (moved after the command), the command, and what follows it. `wordsOf` says how
 * many of the words at the command's place name it (`datastore migrate export` is three); one by default.
 */
export function splitCommand(
  argv: readonly string[],
  globals: FlagTable,
  wordsOf: (words: readonly string[]) => number = () => 1,
): {command: string | undefined; rest: string[]; help: boolean} {
  const lookup = lookupOf(globals)
  const hoisted: string[] = []
  let i = 0
  let help = false
  while (i < argv.length && argv[i].startsWith('-') && argv[i] !== '-' && argv[i] !== '--') {
    const token = argv[i]
    if (HELP_FLAGS.has(token)) {
      help = true
      i++
      continue
    }
    const taken = takeFlag(argv, i, lookup)
    if (!taken) break // not a global flag: left where it is (oclif's own --version, or an unknown flag)
    hoisted.push(...taken.tokens)
    i = taken.next
  }
  if (i >= argv.length) return {command: undefined, rest: hoisted, help}
  const words = Math.max(1, wordsOf(argv.slice(i)))
  return {command: argv.slice(i, i + words).join(' '), rest: [...hoisted, ...argv.slice(i + words)], help}
}

/** The tokens of the flag at argv[i] in normal form, and where the next token starts; undefined when unknown. */
function takeFlag(argv: readonly string[], i: number, lookup: FlagLookup): {tokens: string[]; next: number} | undefined {
  const token = argv[i]
  if (token.startsWith('--')) {
    const eq = token.indexOf('=')
    const name = token.slice(2, eq < 0 ? undefined : eq)
    const found = lookup.long.get(name)
    if (!found) return undefined
    // A long alias (--ignore-not-found) becomes its flag's own name, so that every parser after this knows it.
    const [flag, spec] = found
    const value = eq < 0 ? undefined : token.slice(eq + 1)
    if (spec.type === 'boolean') {
      if (value === undefined || value === 'true') return {tokens: [`--${flag}`], next: i + 1}
      if (value === 'false') return {tokens: [], next: i + 1}
      throw new UsageLineError(`--${name} takes true or false, not ${JSON.stringify(value)}`)
    }
    if (value !== undefined) return {tokens: [`--${flag}=${value}`], next: i + 1}
    if (spec.bare !== undefined) return {tokens: [`--${flag}=${spec.bare}`], next: i + 1}
    return {tokens: [`--${flag}`, ...argv.slice(i + 1, i + 2)], next: i + 2}
  }
  // Short flags, possibly grouped (-Rf dir) or with a value attached (-ojson, -o=json).
  for (let at = 1; at < token.length; at++) {
    const found = lookup.short.get(token[at])
    if (!found) return at === 1 ? undefined : unknownShort(token, at)
    if (found[1].type !== 'boolean') {
      const attached = at + 1 < token.length
      return attached ? {tokens: [token], next: i + 1} : {tokens: argv.slice(i, i + 2), next: i + 2}
    }
  }
  return {tokens: [token], next: i + 1}
}

function unknownShort(token: string, at: number): never {
  throw new UsageLineError(`unknown flag -${token[at]} in ${token}`)
}

/**
 * argv after the command, in normal form for `table` (the global flags and the verb's). Throws
 * UsageLineError for an unknown flag or a malformed boolean; returns `help` when -h/--help is anywhere
 * before `--`.
 */
export function normalizeFlags(rest: readonly string[], table: FlagTable): {argv: string[]; help: boolean} {
  const lookup = lookupOf(table)
  const out: string[] = []
  let help = false
  for (let i = 0; i < rest.length; ) {
    const token = rest[i]
    if (token === '--') {
      out.push(...rest.slice(i))
      break
    }
    if (!token.startsWith('-') || token === '-') {
      out.push(token)
      i++
      continue
    }
    if (HELP_FLAGS.has(token)) {
      help = true
      i++
      continue
    }
    const taken = takeFlag(rest, i, lookup)
    if (!taken) throw unknownFlag(token, lookup)
    out.push(...taken.tokens)
    i = taken.next
  }
  return {argv: out, help}
}

function unknownFlag(token: string, lookup: FlagLookup): UsageLineError {
  if (!token.startsWith('--')) return new UsageLineError(`unknown flag -${token[1]}`)
  const name = token.slice(2).split('=')[0]
  const near = nearest(name, [...lookup.long.keys()])
  return new UsageLineError(`unknown flag --${name}`, near && `--${near}`)
}
