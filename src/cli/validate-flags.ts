/**
 * The flags of `hepctl validate`, as plain data: the oclif command builds its flags from this table, and the
 * fast route (src/cli/fast-route.ts) parses argv with the same table, so the two cannot drift apart
 * (test/cli/fast-route.test.ts checks it).
 */
export const VALIDATE_OUTPUTS = ['text', 'json', 'junit', 'sarif', 'github'] as const
export type ValidateOutput = (typeof VALIDATE_OUTPUTS)[number]

export const validateFlagTable = {
  filename: {type: 'string', short: 'f', multiple: true, description: 'file, directory (.yaml, .yml, .json) or - for stdin; repeatable'},
  recursive: {type: 'boolean', short: 'R', description: 'read directories recursively'},
  strict: {type: 'boolean', description: 'treat warnings (safety lints, calicoctl leniencies) as errors'},
  'skip-empty': {type: 'boolean', description: 'input without any resource is not an error'},
  output: {type: 'string', short: 'o', options: VALIDATE_OUTPUTS, description: 'report format (default text; github when GITHUB_ACTIONS=true)'},
} as const

export interface ValidateOptions {
  filenames: string[]
  recursive: boolean
  strict: boolean
  skipEmpty: boolean
  output?: ValidateOutput
}
