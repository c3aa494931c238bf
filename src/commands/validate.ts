import {Flags} from '@oclif/core'

import {HepctlCommand} from '../cli/base-command.js'
import {runValidate} from '../cli/validate-run.js'
import {VALIDATE_OUTPUTS, type ValidateOutput, validateFlagTable as t} from '../cli/validate-flags.js'

export default class Validate extends HepctlCommand {
  static summary = 'Check HostEndpoint manifests offline: schema, Calico\'s rules and safety lints'
  static description = `Reads every manifest (YAML or JSON, multi-document, Lists) and reports every problem of every
resource with its file, line and column. Needs no datastore.

Exit codes: 0 all valid (warnings allowed unless --strict), 1 a resource is invalid, 2 usage error,
3 input could not be read or held no resource.`

  static examples = [
    '<%= config.bin %> validate -f hep.yaml',
    '<%= config.bin %> validate -f manifests/ -R --strict',
    '<%= config.bin %> validate -f - -o sarif < hep.yaml > hepctl.sarif',
    '<%= config.bin %> validate -f manifests/ -o junit > report.xml',
  ]

  static flags = {
    filename: Flags.string({char: t.filename.short, multiple: true, required: true, description: t.filename.description}),
    recursive: Flags.boolean({char: t.recursive.short, description: t.recursive.description}),
    strict: Flags.boolean({description: t.strict.description}),
    'skip-empty': Flags.boolean({description: t['skip-empty'].description}),
    output: Flags.string({char: t.output.short, options: [...VALIDATE_OUTPUTS], description: t.output.description}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Validate)
    this.refuseNamespace(flags)
    process.exitCode = await runValidate({
      filenames: flags.filename,
      recursive: flags.recursive,
      strict: flags.strict,
      skipEmpty: flags['skip-empty'],
      output: flags.output as ValidateOutput | undefined,
    })
  }
}
