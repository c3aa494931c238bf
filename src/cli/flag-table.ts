/**
 * Each command's flags as plain data. oclif's flag definitions are generated from these tables
 * (src/cli/oclif-flags.ts), the fast route parses argv with the same tables (src/cli/fast-route.ts), and a
 * verb's flag values are typed from its table (FlagValues), so there is one definition of every flag.
 */
import {parseArgs} from 'node:util'

import {UsageLineError} from './argv-normalize.js'

export interface FlagSpec {
  type: 'string' | 'boolean' | 'integer'
  description: string
  short?: string
  multiple?: boolean
  required?: boolean
  options?: readonly string[]
  default?: string
  /** Integer bounds. */
  min?: number
  max?: number
  /** Other names, e.g. `-a` for `-A` (calicoctl's alias). */
  aliases?: readonly string[]
  /** A string flag's value when it is given without one (`--dry-run` is `--dry-run=client`, as in kubectl). */
  bare?: string
  helpGroup?: string
}

export type FlagTable = Readonly<Record<string, FlagSpec>>

/** Whether a flag always has a value: required, or defaulted. */
type AlwaysSet<S> = S extends {required: true} ? true : S extends {default: string} ? true : false
/** One value of a flag: a number, a string, or one of its options. */
type ScalarOf<S> = S extends {type: 'integer'} ? number : S extends {options: readonly (infer O)[]} ? O : string
/** What a flag's spec gives a verb: booleans may be absent (oclif leaves unset ones out); lists for `multiple`. */
type ValueOf<S> = S extends {type: 'boolean'}
  ? boolean | undefined
  : S extends {multiple: true}
    ? AlwaysSet<S> extends true ? ScalarOf<S>[] : ScalarOf<S>[] | undefined
    : AlwaysSet<S> extends true ? ScalarOf<S> : ScalarOf<S> | undefined

/** Parsed flag values of a table, keyed by the long name and typed from the table's specs. */
export type FlagValues<T extends FlagTable> = {-readonly [K in keyof T]: ValueOf<T[K]>}

/** Parsed flag values as a parser gives them, before they are known to follow a table. */
export type ParsedFlags = Record<string, string | string[] | boolean | number | undefined>

/** A command's positional arguments: these, each required, then any number more when `rest` is set. */
export interface Positionals {
  args: readonly {name: string; description: string}[]
  rest?: boolean
}

/**
 * Parses argv with a table. A missing required flag or argument, an unexpected argument, a value outside a
 * flag's options or a malformed number throws a UsageLineError; anything else not certain (an unknown flag, a
 * form whose meaning differs between parsers) returns undefined, and the caller hands argv to oclif.
 */
export function parseWithTable(argv: readonly string[], table: FlagTable, positionals: Positionals): {flags: ParsedFlags; args: string[]} | undefined {
  if (argv.some(a => a === '-h' || a === '--help' || /^-[a-zA-Z]=/.test(a))) return undefined
  const options: Record<string, {type: 'string' | 'boolean'; short?: string; multiple?: boolean}> = {}
  for (const [name, spec] of Object.entries(table)) {
    const type = spec.type === 'boolean' ? 'boolean' : 'string'
    options[name] = {type, ...(spec.short && {short: spec.short}), ...(spec.multiple && {multiple: true})}
    // A one-letter alias is an option of its own here, folded into its flag below.
    for (const alias of spec.aliases ?? []) {
      if (alias.length === 1) options[`${name}\0${alias}`] = {type, short: alias}
    }
  }
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({args: [...argv], options, strict: true, allowPositionals: true})
  } catch {
    return undefined
  }
  const flags: ParsedFlags = {}
  for (const [key, value] of Object.entries(parsed.values)) {
    const name = key.split('\0')[0]
    if (flags[name] !== undefined) return undefined
    flags[name] = value as ParsedFlags[string]
  }
  for (const [name, spec] of Object.entries(table)) {
    let value = flags[name]
    if (value === undefined && spec.default !== undefined) value = spec.default
    if (value === undefined) {
      if (spec.required) throw new UsageLineError(`required flag --${name} is not set${spec.options ? ` (one of: ${spec.options.join(', ')})` : ''}`)
      if (spec.type === 'boolean') flags[name] = false
      continue
    }
    const values = Array.isArray(value) ? value : [value]
    const outside = spec.options && values.find(v => !spec.options!.includes(String(v)))
    if (outside !== undefined) throw new UsageLineError(`--${name}=${String(outside)} is not one of: ${spec.options!.join(', ')}`)
    if (spec.type === 'integer') {
      const text = String(value)
      if (!/^-?\d+$/.test(text)) throw new UsageLineError(`--${name}=${text} is not an integer`)
      const n = Number(text)
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
        throw new UsageLineError(`--${name}=${text} is out of range (${spec.min ?? '...'} to ${spec.max ?? '...'})`)
      }
      value = n
    }
    flags[name] = value
  }
  const args = parsed.positionals
  const missing = positionals.args[args.length]
  if (missing) throw new UsageLineError(`missing argument ${missing.name.toUpperCase()}: ${missing.description}`)
  if (!positionals.rest && args.length > positionals.args.length) {
    throw new UsageLineError(`unexpected argument ${JSON.stringify(args[positionals.args.length])}${positionals.args.length ? '' : ': this command takes none'}`)
  }
  return {flags, args}
}
