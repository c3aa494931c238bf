import {Args, Flags} from '@oclif/core'

import {HepctlCommand} from '../cli/base-command.js'
import {withDatastore} from '../cli/datastore-session.js'
import {ExitCode, UserFacingError} from '../cli/exit-codes.js'
import {requireKind, requireNames} from '../cli/resource-flags.js'
import {reportSingleResult} from '../cli/single-result.js'
import {labelResource} from '../lifecycle/index.js'
import {validateObject} from '../validation/validate-resources.js'

export default class Label extends HepctlCommand {
  static summary = 'Set or remove one label on a HostEndpoint'
  static description = `The labelled object is validated before it is written (a bad key or value writes nothing and
says why).

Exit codes: 0 success, 1 the change failed, 2 usage error, 3 datastore unusable.`

  static examples = [
    '<%= config.bin %> label hostendpoint web-1 environment=production',
    '<%= config.bin %> label hep web-1 environment=staging --overwrite',
    '<%= config.bin %> label hep web-1 environment --remove',
  ]

  static args = {
    kind: Args.string({required: true, description: 'hostendpoint (or hostendpoints, hep, heps)'}),
    name: Args.string({required: true, description: 'the HostEndpoint\'s name'}),
    label: Args.string({required: true, description: 'key=value to set, or key with --remove'}),
  }

  static flags = {
    overwrite: Flags.boolean({description: 'replace the value of a label that is already set'}),
    remove: Flags.boolean({description: 'remove the label instead of setting it'}),
    'dry-run': Flags.boolean({description: 'show what would happen, write nothing'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Label)
    this.refuseNamespace(flags)
    requireKind(args.kind)
    requireNames([args.name])
    let change: {key: string; value?: string; remove?: boolean; overwrite?: boolean}
    if (flags.remove) {
      if (args.label.includes('=')) throw new UserFacingError(`invalid label ${args.label}: with --remove give only the key`, ExitCode.USAGE)
      change = {key: args.label, remove: true}
    } else {
      const at = args.label.indexOf('=')
      if (at <= 0) throw new UserFacingError(`invalid label ${args.label}: expected key=value (or key --remove)`, ExitCode.USAGE)
      change = {key: args.label.slice(0, at), value: args.label.slice(at + 1), overwrite: flags.overwrite}
    }
    const result = await withDatastore(flags, store =>
      labelResource(store, args.name, change, {validate: validateObject, dryRun: flags['dry-run'], kind: args.kind}),
    )
    process.exitCode = reportSingleResult(result, flags['dry-run'])
  }
}
