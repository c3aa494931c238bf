import {Flags} from '@oclif/core'

import {isKindAlias, KIND_ALIASES} from '../model/hostendpoint.js'
import {ExitCode, UserFacingError} from './exit-codes.js'

const FILENAME_HELP = 'file, directory (.yaml, .yml, .json) or - for stdin; repeatable'

/** -f for commands that need manifests, and for those where they are one choice among others. */
export const requiredFilename = Flags.string({char: 'f', multiple: true, required: true, description: FILENAME_HELP})
export const optionalFilename = Flags.string({char: 'f', multiple: true, description: FILENAME_HELP})

/** Flags shared by the commands that read manifests (besides -f). */
export const manifestFlags = {
  recursive: Flags.boolean({char: 'R', description: 'read directories recursively'}),
  'skip-empty': Flags.boolean({description: 'input without any resource is not an error'}),
}

/** Flags shared by the commands that write. */
export const writeFlags = {
  'dry-run': Flags.boolean({description: 'show what would happen, write nothing'}),
  output: Flags.string({char: 'o', options: ['json'], description: 'print the per-resource results as JSON'}),
  json: Flags.boolean({description: 'same as -o json'}),
  concurrency: Flags.integer({min: 1, max: 256, description: 'requests in flight at once (Kubernetes, etcd); default 16'}),
}

/** Checks the KIND argument (hostendpoint, hostendpoints, hep, heps; any case). */
export function requireKind(kind: string | undefined): void {
  if (kind === undefined) {
    throw new UserFacingError(`a resource type is required: one of ${KIND_ALIASES.join(', ')}`, ExitCode.USAGE)
  }
  if (!isKindAlias(kind)) {
    throw new UserFacingError(`resource type '${kind}' is not supported (expected one of ${KIND_ALIASES.join(', ')})`, ExitCode.USAGE)
  }
}

/** Checks resource names given on the command line. */
export function requireNames(names: string[]): void {
  if (names.some(n => n === '')) throw new UserFacingError('resource name may not be empty', ExitCode.USAGE)
}

/** The positional arguments of a non-strict command (oclif's argv), as strings. */
export function positionals(argv: unknown[]): string[] {
  return argv.map(String)
}
