import {parseJsonPatch, JsonPatchError, type JsonPatchOperation} from '../../lifecycle/json-patch.js'
import {patchResource, type SingleOptions} from '../../lifecycle/single-resource.js'
import {isJsonObject} from '../../json/json-object.js'
import {renderSingleResult} from '../../output/single-result.js'
import {validateObject} from '../../validation/validate-resources.js'
import {withDatastore} from '../datastore-session.js'
import {ExitCode, UserFacingError} from '../exit-codes.js'
import {dryRunFor} from '../dry-run.js'
import {dryRunFlag, forceFlag, refuseNamespace} from '../global-flags.js'
import {writeRendered} from '../io.js'
import {guardingOwned, OWNED_DESCRIPTION} from '../owned-guard.js'
import {oneResource, RESOURCE_ARG} from '../resource-args.js'
import {defineVerb} from '../verb.js'

const USAGE = 'hepctl patch KIND NAME -p PATCH (or TYPE/NAME -p PATCH)'

export const patch = defineVerb({
  name: 'patch',
  summary: 'Change a HostEndpoint with a JSON merge patch (RFC 7386) or a JSON Patch (RFC 6902)',
  description: `--type merge (the default): objects merge key by key, lists are replaced whole, null removes a key.
--type strategic is the same for a HostEndpoint (it has no list merge keys), as in calicoctl, which always
performs a strategic merge; directives such as $patch are refused.
--type json: a list of RFC 6902 operations (add, remove, replace, move, copy, test) on JSON Pointers
(/spec/ports/0/port; ~1 stands for "/" and ~0 for "~"; "-" is the end of a list for add). They apply in
order; if one cannot apply (a path that does not exist, a test that fails), nothing is written.

The result is validated before it is written, at the revision that was read (a concurrent change is a
conflict; a patch that sets metadata.resourceVersion writes only at that revision).

${OWNED_DESCRIPTION}

Exit codes: 0 success, 1 the patch failed or was refused, 2 usage error, 3 datastore unusable.`,
  examples: [
    `<%= config.bin %> patch hostendpoint web-1 -p '{"spec":{"interfaceName":"eth1"}}'`,
    `<%= config.bin %> patch hep web-1 -p '{"metadata":{"labels":{"tier":null}}}'`,
    `<%= config.bin %> patch hep web-1 --type json -p '[{"op":"add","path":"/spec/expectedIPs/-","value":"10.0.0.2"}]'`,
    `<%= config.bin %> patch hep web-1 --type json -p '[{"op":"remove","path":"/metadata/labels/example.com~1tier"}]'`,
    `<%= config.bin %> patch hep/web-1 -p '{"spec":{"node":"n2"}}'`,
  ],
  flags: {
    patch: {type: 'string', short: 'p', required: true, description: 'the patch, as JSON: an object (merge, strategic) or a list of operations (json)'},
    type: {type: 'string', short: 't', options: ['merge', 'strategic', 'json'], default: 'merge', description: 'merge (RFC 7386), strategic (the same for HostEndpoint) or json (RFC 6902)'},
    'dry-run': dryRunFlag,
    force: forceFlag,
  },
  // Checked by the verb: the resource is one word (TYPE/NAME) or two (KIND NAME).
  positionals: {args: [RESOURCE_ARG], rest: true},
  async run(flags, args) {
    refuseNamespace(flags)
    const {name, rest} = oneResource(args, USAGE)
    if (rest.length > 0) throw new UserFacingError(`patch takes one resource: ${USAGE}`, ExitCode.USAGE)
    const type = flags.type === 'json' ? 'json' : 'merge'
    const parsed = type === 'json' ? parseJsonOperations(flags.patch) : parseMergePatch(flags.patch, flags.type === 'strategic')
    let dryRun: SingleOptions['dryRun']
    const result = await guardingOwned(flags.force, guard => withDatastore(flags, store => {
      dryRun = dryRunFor(store, flags['dry-run'])
      return patchResource(store, name, parsed, {validate: validateObject, dryRun, type, ...guard})
    }))
    writeRendered(renderSingleResult({name: 'patch'}, result, dryRun))
    return result.action === 'failed' ? ExitCode.FAILED : ExitCode.OK
  },
})

function parseJson(text: string, expected: string): unknown {
  try {
    return JSON.parse(text)
  } catch (jsonError) {
    throw new UserFacingError(`invalid patch: expected ${expected}: ${(jsonError as Error).message}`, ExitCode.USAGE)
  }
}

function parseMergePatch(text: string, strategic: boolean): Record<string, unknown> {
  const value = parseJson(text, `a JSON object, e.g. '{"spec":{"node":"n1"}}'`)
  if (!isJsonObject(value)) {
    const hint = Array.isArray(value) ? 'an array (a list of operations needs --type json)' : JSON.stringify(value)
    throw new UserFacingError(`invalid patch: expected a JSON object, found ${hint}`, ExitCode.USAGE)
  }
  const directive = findDirective(value, '')
  if (directive !== undefined) {
    throw new UserFacingError(
      `invalid patch: ${directive}: strategic merge directives ($patch, $retainKeys, $setElementOrder, $deleteFromPrimitiveList) are not supported; ` +
        `${strategic ? 'for a HostEndpoint a strategic merge is a merge patch: write the values themselves, or use --type json' : 'write the values themselves, or use --type json'}`,
      ExitCode.USAGE,
    )
  }
  return value
}

/** The path of the first key that starts with `$` (a strategic merge directive), if any. */
function findDirective(value: unknown, at: string): string | undefined {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findDirective(item, `${at}[${i}]`)
      if (found !== undefined) return found
    }
  } else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const path = at === '' ? key : `${at}.${key}`
      if (key.startsWith('$')) return path
      const found = findDirective(item, path)
      if (found !== undefined) return found
    }
  }
  return undefined
}

function parseJsonOperations(text: string): JsonPatchOperation[] {
  const value = parseJson(text, `a JSON array of operations, e.g. '[{"op":"replace","path":"/spec/node","value":"n1"}]'`)
  try {
    return parseJsonPatch(value)
  } catch (error) {
    if (error instanceof JsonPatchError) throw new UserFacingError(`invalid patch: ${error.message}`, ExitCode.USAGE)
    throw error
  }
}
