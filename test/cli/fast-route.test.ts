import {describe, expect, it} from 'vitest'

import {validateFlagTable} from '../../src/cli/validate-flags.js'
import Validate from '../../src/commands/validate.js'

describe('the validate fast route and the oclif command', () => {
  it('declare the same flags: names, short forms, types, multiplicity and options', () => {
    const oclifFlags = Validate.flags as Record<string, {char?: string; type: string; multiple?: boolean; options?: readonly string[]}>
    expect(Object.keys(oclifFlags).sort()).toEqual(Object.keys(validateFlagTable).sort())
    for (const [name, spec] of Object.entries(validateFlagTable)) {
      const flag = oclifFlags[name]
      expect(flag.char, name).toBe('short' in spec ? spec.short : undefined)
      expect(flag.type === 'option' ? 'string' : flag.type, name).toBe(spec.type)
      expect(Boolean(flag.multiple), name).toBe('multiple' in spec && spec.multiple)
      if ('options' in spec) expect(flag.options, name).toEqual(spec.options)
    }
  })
})
