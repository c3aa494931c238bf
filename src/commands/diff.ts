import {HepctlCommand} from '../cli/base-command.js'
import {oclifFlags} from '../cli/oclif-flags.js'
import {diff} from '../cli/verbs/diff.js'

export default class Diff extends HepctlCommand {
  static summary = 'Show what apply would change, as a unified diff of the stored and the applied objects'
  static description = `Exit codes (kubectl diff's): 0 no differences, 1 differences, 2 usage error or invalid
manifests, 3 input unreadable or datastore unusable.`

  static examples = ['<%= config.bin %> diff -f hep.yaml', '<%= config.bin %> diff -f manifests/ -R || echo "apply would change something"']

  static flags = oclifFlags(diff.flags)
  protected readonly verb = diff
}
