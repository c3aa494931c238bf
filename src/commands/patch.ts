import {Args, Flags} from '@oclif/core'

import {HepctlCommand} from '../cli/base-command.js'
import {withDatastore} from '../cli/datastore-session.js'
import {ExitCode, UserFacingError} from '../cli/exit-codes.js'
import {requireKind, requireNames} from '../cli/resource-flags.js'
import {reportSingleResult} from '../cli/single-result.js'
import {patchResource} from '../lifecycle/index.js'
import {validateObject} from '../validation/validate-resources.js'

export default class Patch extends HepctlCommand {
  static summary = 'Change a HostEndpoint with a JSON merge patch (RFC 7386)'
  static description = `Objects merge key by key, lists are replaced whole, null removes a key. The result is
validated before it is written, at the revision that was read (a concurrent change is a conflict).

Exit codes: 0 success, 1 the patch failed, 2 usage error, 3 datastore unusable.`

  static examples = [
    `<%= config.bin %> patch hostendpoint web-1 -p '{"spec":{"interfaceName":"eth1"}}'`,
    `<%= config.bin %> patch hep web-1 -p '{"metadata":{"labels":{"tier":null}}}'`,
  ]

  static args = {
    kind: Args.string({required: true, description: 'hostendpoint (or hostendpoints, hep, heps)'}),
    name: Args.string({required: true, description: 'the HostEndpoint\'s name'}),
  }

  static flags = {
    patch: Flags.string({char: 'p', required: true, description: 'the merge patch, as JSON (or YAML)'}),
    type: Flags.string({char: 't', options: ['merge', 'strategic'], default: 'merge', description: 'accepted for kubectl/calicoctl compatibility; both mean a JSON merge patch for HostEndpoint'}),
    'dry-run': Flags.boolean({description: 'show what would happen, write nothing'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Patch)
    this.refuseNamespace(flags)
    requireKind(args.kind)
    requireNames([args.name])
    const patch = parsePatch(flags.patch)
    const result = await withDatastore(flags, store =>
      patchResource(store, args.name, patch, {validate: validateObject, dryRun: flags['dry-run']}),
    )
    process.exitCode = reportSingleResult(result, flags['dry-run'])
  }
}

function parsePatch(text: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (jsonError) {
    throw new UserFacingError(`invalid patch: expected a JSON object, e.g. '{"spec":{"node":"n1"}}': ${(jsonError as Error).message}`, ExitCode.USAGE)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserFacingError(`invalid patch: expected a JSON object, found ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`, ExitCode.USAGE)
  }
  return value as Record<string, unknown>
}
