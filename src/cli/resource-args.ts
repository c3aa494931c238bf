import {isKindAlias, KIND_ALIASES} from '../model/hostendpoint.js'
import {ExitCode, UserFacingError} from './exit-codes.js'

/** The KIND and NAME positionals of label and patch. */
export const KIND_ARG = {name: 'kind', description: 'hostendpoint (or hostendpoints, hep, heps)'}
export const NAME_ARG = {name: 'name', description: 'the HostEndpoint\'s name'}

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
