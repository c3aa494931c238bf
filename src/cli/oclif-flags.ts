import {Flags, type Interfaces} from '@oclif/core'

import type {FlagTable} from './flag-table.js'

/** oclif's flag definitions for a table (src/cli/flag-table.ts). */
export function oclifFlags(table: FlagTable): Interfaces.FlagInput {
  const flags: Interfaces.FlagInput = {}
  for (const [name, spec] of Object.entries(table)) {
    const common = {
      description: spec.description,
      char: spec.short as 'a',
      required: spec.required,
      helpGroup: spec.helpGroup,
      aliases: spec.aliases?.filter(a => a.length > 1),
      charAliases: spec.aliases?.filter(a => a.length === 1) as 'a'[] | undefined,
    }
    if (spec.type === 'boolean') {
      flags[name] = Flags.boolean(common) as never
    } else if (spec.type === 'integer') {
      flags[name] = Flags.integer({...common, min: spec.min, max: spec.max}) as never
    } else {
      flags[name] = Flags.string({...common, multiple: spec.multiple as false, options: spec.options as string[] | undefined, default: spec.default}) as never
    }
  }
  return flags
}
