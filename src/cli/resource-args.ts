import {API_VERSION, isKindAlias, KIND_ALIASES, RESOURCE_NAMES, SHORT_NAMES} from '../model/hostendpoint.js'
import {ExitCode, UserFacingError} from './exit-codes.js'

/** The first positional of label and patch: `KIND NAME` or kubectl's `TYPE/NAME`. */
export const RESOURCE_ARG = {name: 'resource', description: 'KIND NAME (KIND: hostendpoint, hostendpoints, hep, heps) or TYPE/NAME (hep/web-1, hostendpoint.projectcalico.org/web-1)'}

/** The API group and version a TYPE in `TYPE/NAME` may carry (`get -o name` prints the group). */
const [API_GROUP, GROUP_VERSION] = API_VERSION.split('/')

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

/**
 * The names a command's resource positionals give, checked: `KIND NAME...`, or kubectl's `TYPE/NAME...`
 * (TYPE a KIND, optionally with its group: `hostendpoint.projectcalico.org/web-1`, as `get -o name` prints).
 * As in kubectl, the two forms do not mix. The names may be none (`get hep`); the caller decides.
 */
export function resourceNames(args: readonly string[]): string[] {
  if (args.length > 0 && args[0].includes('/')) {
    const names = args.map(typeNameArg)
    requireNames(names)
    return names
  }
  requireKind(args[0])
  const names = args.slice(1)
  if (names.some(n => n.includes('/'))) {
    throw new UserFacingError(`there is no need to give a resource type as a separate argument when passing arguments in TYPE/NAME form (e.g. 'hep/NAME', not 'hep hep/NAME')`, ExitCode.USAGE)
  }
  requireNames(names)
  return names
}

/**
 * One resource and the positionals after it (label's KEY=VALUE): `KIND NAME ...` or `TYPE/NAME ...`.
 * `type` is the KIND or TYPE as typed (for calicoctl's messages); `usage` is the command's form, for the
 * message when the name is missing.
 */
export function oneResource(args: readonly string[], usage: string): {type: string; name: string; rest: string[]} {
  const typeName = args.length > 0 && args[0].includes('/')
  const width = typeName ? 1 : 2
  const names = resourceNames(args.slice(0, width))
  if (names.length === 0) throw new UserFacingError(`a resource name is required: ${usage}`, ExitCode.USAGE)
  return {type: typeName ? args[0].slice(0, args[0].indexOf('/')) : args[0], name: names[0], rest: args.slice(width)}
}

/** The NAME of a `TYPE/NAME` argument, its TYPE checked. */
function typeNameArg(arg: string): string {
  const at = arg.indexOf('/')
  if (at < 0) throw new UserFacingError(`arguments in TYPE/NAME form may not be mixed with others: '${arg}' has no TYPE`, ExitCode.USAGE)
  const type = arg.slice(0, at)
  const name = arg.slice(at + 1)
  if (name.includes('/')) throw new UserFacingError(`argument '${arg}' has more than one '/': expected TYPE/NAME`, ExitCode.USAGE)
  if (!isResourceType(type)) {
    throw new UserFacingError(`resource type '${type}' is not supported (expected hostendpoint, hostendpoints, hep or heps, optionally followed by .${API_GROUP} or .${GROUP_VERSION}.${API_GROUP}, as kubectl takes them)`, ExitCode.USAGE)
  }
  return name
}

/**
 * Whether `type` may be the TYPE of a `TYPE/NAME` argument, by kubectl's rules (held beside real kubectl in
 * test/cli/type-name-kubernetes.test.ts): the resource, singular or plural in any case, or a short name as
 * written (`hep`, `heps`), optionally followed by its group or the start of it (`.projectcalico.org`,
 * `.projectcalico`), or by its version and whole group (`.v3.projectcalico.org`); kubectl matches the group
 * and version case by case.
 */
export function isResourceType(type: string): boolean {
  const dot = type.indexOf('.')
  const resource = dot < 0 ? type : type.slice(0, dot)
  const group = dot < 0 ? undefined : type.slice(dot + 1)
  if (group !== undefined && !(group !== '' && API_GROUP.startsWith(group)) && group !== `${GROUP_VERSION}.${API_GROUP}`) return false
  // kubectl takes short names only as written, the resource's names in any case.
  return SHORT_NAMES.includes(resource) || RESOURCE_NAMES.includes(resource.toLowerCase())
}
