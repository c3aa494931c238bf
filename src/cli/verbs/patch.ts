import {patchResource} from '../../lifecycle/index.js'
import {isJsonObject} from '../../model/json-object.js'
import {validateObject} from '../../validation/validate-resources.js'
import {withDatastore} from '../datastore-session.js'
import {ExitCode, UserFacingError} from '../exit-codes.js'
import type {Verb} from '../flag-table.js'
import {dryRunFlag, refuseNamespace} from '../global-flags.js'
import {requireKind, requireNames} from '../resource-args.js'
import {reportSingleResult} from '../single-result.js'

export const patch: Verb = {
  flags: {
    patch: {type: 'string', short: 'p', required: true, description: 'the merge patch, as JSON'},
    type: {type: 'string', short: 't', options: ['merge', 'strategic'], default: 'merge', description: 'accepted for kubectl/calicoctl compatibility; both mean a JSON merge patch for HostEndpoint'},
    'dry-run': dryRunFlag,
  },
  positionals: {min: 2, max: 2},
  async run(flags, [kind, name]) {
    refuseNamespace(flags)
    requireKind(kind)
    requireNames([name])
    const mergePatch = parsePatch(flags.patch as string)
    const dryRun = Boolean(flags['dry-run'])
    const result = await withDatastore(flags, store => patchResource(store, name, mergePatch, {validate: validateObject, dryRun}))
    return reportSingleResult('patch', result, dryRun)
  },
}

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
