/**
 * `hepctl validate` without loading oclif: oclif's import alone costs about as much as starting Node, and
 * validate is what CI runs on every commit. The route takes only argv it fully understands (the same flag
 * table as the oclif command); anything else (help, unknown flags, other commands) returns false and oclif
 * handles it, with its usual messages.
 */
import {parseArgs} from 'node:util'

import {reportError} from './error-report.js'
import {VALIDATE_OUTPUTS, type ValidateOutput, validateFlagTable} from './validate-flags.js'

export async function runFastRoute(argv: string[]): Promise<boolean> {
  if (argv[0] !== 'validate') return false
  const rest = argv.slice(1)
  // Forms whose meaning differs between parsers go to oclif.
  if (rest.some(a => a === '-h' || a === '--help' || /^-[a-zA-Z]=/.test(a))) return false
  let values: Record<string, unknown>
  try {
    values = parseArgs({args: rest, options: validateFlagTable as never, strict: true, allowPositionals: false}).values
  } catch {
    return false
  }
  const output = values.output as string | undefined
  const filenames = (values.filename as string[] | undefined) ?? []
  if (filenames.length === 0) return false
  if (output !== undefined && !(VALIDATE_OUTPUTS as readonly string[]).includes(output)) return false
  try {
    const {runValidate} = await import('./validate-run.js')
    process.exitCode = await runValidate({
      filenames,
      recursive: Boolean(values.recursive),
      strict: Boolean(values.strict),
      skipEmpty: Boolean(values['skip-empty']),
      output: output as ValidateOutput | undefined,
    })
  } catch (error) {
    process.exitCode = reportError(error as Error) ?? 3
  }
  return true
}
