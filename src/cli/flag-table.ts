/**
 * Each command's flags as plain data. oclif's flag definitions are generated from these tables
 * (src/cli/oclif-flags.ts), and the fast route parses argv with the same tables (src/cli/fast-route.ts),
 * so there is one definition of every flag.
 */
import {parseArgs} from 'node:util'

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
  helpGroup?: string
}

export type FlagTable = Record<string, FlagSpec>

/** Parsed flag values, keyed by the long name, as oclif gives them. */
export type FlagValues = Record<string, string | string[] | boolean | number | undefined>

/** How many positional arguments a command takes. */
export interface PositionalRule {
  min: number
  max: number
}

/**
 * Parses argv with a table, or returns undefined when anything is not certain: an unknown flag, a missing
 * required flag, a value outside its options, a malformed number, or a form whose meaning differs between
 * parsers. The caller then hands argv to oclif, which reports the problem in its usual way.
 */
export function parseWithTable(argv: readonly string[], table: FlagTable, positionals: PositionalRule): {flags: FlagValues; args: string[]} | undefined {
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
  const flags: FlagValues = {}
  for (const [key, value] of Object.entries(parsed.values)) {
    const name = key.split('\0')[0]
    if (flags[name] !== undefined) return undefined
    flags[name] = value as FlagValues[string]
  }
  for (const [name, spec] of Object.entries(table)) {
    let value = flags[name]
    if (value === undefined && spec.default !== undefined) value = spec.default
    if (value === undefined) {
      if (spec.required) return undefined
      if (spec.type === 'boolean') flags[name] = false
      continue
    }
    const values = Array.isArray(value) ? value : [value]
    if (spec.options && !values.every(v => spec.options!.includes(String(v)))) return undefined
    if (spec.type === 'integer') {
      const text = String(value)
      if (!/^-?\d+$/.test(text)) return undefined
      const n = Number(text)
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) return undefined
      value = n
    }
    flags[name] = value
  }
  const args = parsed.positionals
  if (args.length < positionals.min || args.length > positionals.max) return undefined
  return {flags, args}
}

/** A command's behaviour apart from oclif: its flags, how many arguments it takes, and what it does. */
export interface Verb {
  flags: FlagTable
  positionals: PositionalRule
  /** Runs the command; returns the exit code. Throws UserFacingError and the like for clean failures. */
  run(flags: FlagValues, args: string[]): Promise<number>
}

export const NO_POSITIONALS: PositionalRule = {min: 0, max: 0}
export const ANY_POSITIONALS: PositionalRule = {min: 0, max: Number.POSITIVE_INFINITY}
