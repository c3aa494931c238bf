import {patchResource} from '../../lifecycle/index.js'
import {isJsonObject} from '../../json/json-object.js'
import {renderSingleResult} from '../../output/single-result.js'
import {validateObject} from '../../validation/validate-resources.js'
import {withDatastore} from '../datastore-session.js'
import {ExitCode, UserFacingError} from '../exit-codes.js'
import {dryRunFlag, dryRunMode, refuseNamespace} from '../global-flags.js'
import {writeRendered} from '../io.js'
import {KIND_ARG, NAME_ARG, requireKind, requireNames} from '../resource-args.js'
import {defineVerb} from '../verb.js'

export const patch = defineVerb({
  name: 'patch',
  summary: 'Change a HostEndpoint with a JSON merge patch (RFC 7386)',
  description: `Objects merge key by key, lists are replaced whole, null removes a key. The result is
validated before it is written, at the revision that was read (a concurrent change is a conflict).

Exit codes: 0 success, 1 the patch failed, 2 usage error, 3 datastore unusable.`,
  examples: [
    `<%= config.bin %> patch hostendpoint web-1 -p '{"spec":{"interfaceName":"eth1"}}'`,
    `<%= config.bin %> patch hep web-1 -p '{"metadata":{"labels":{"tier":null}}}'`,
  ],
  flags: {
    patch: {type: 'string', short: 'p', required: true, description: 'the merge patch, as JSON'},
    type: {type: 'string', short: 't', options: ['merge', 'strategic'], default: 'merge', description: 'accepted for kubectl/calicoctl compatibility; both mean a JSON merge patch for HostEndpoint'},
    'dry-run': dryRunFlag,
  },
  positionals: {args: [KIND_ARG, NAME_ARG]},
  async run(flags, [kind, name]) {
    refuseNamespace(flags)
    requireKind(kind)
    requireNames([name])
    const mergePatch = parsePatch(flags.patch)
    const dryRun = dryRunMode(flags['dry-run']) !== 'none'
    const result = await withDatastore(flags, store => patchResource(store, name, mergePatch, {validate: validateObject, dryRun}))
    writeRendered(renderSingleResult({name: 'patch'}, result, dryRun))
    return result.action === 'failed' ? ExitCode.FAILED : ExitCode.OK
  },
})

function parsePatch(text: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (jsonError) {
    throw new UserFacingError(`invalid patch: expected a JSON object, e.g. '{"spec":{"node":"n1"}}': ${(jsonError as Error).message}`, ExitCode.USAGE)
  }
  if (!isJsonObject(value)) {
    throw new UserFacingError(`invalid patch: expected a JSON object, found ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`, ExitCode.USAGE)
  }
  return value
}
