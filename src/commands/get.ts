import {HepctlCommand} from '../cli/base-command.js'
import {oclifFlags} from '../cli/oclif-flags.js'
import {get} from '../cli/verbs/get.js'

export default class Get extends HepctlCommand {
  static summary = 'Show HostEndpoints: all, by name, by manifest, or by label selector'
  static description = `Output formats: ps (default: NAME, NODE), wide (+ INTERFACE, IPS, PROFILES), yaml, json, name,
custom-columns=HEADER:.json.path,... (or calicoctl's NAME,NODE,...), jsonpath=TEMPLATE.
\`get -o yaml\` reads back: hepctl get hep NAME -o yaml | hepctl apply -f -

Exit codes: 0 success, 1 a named resource does not exist, 2 usage error, 3 datastore unusable.`

  static examples = [
    '<%= config.bin %> get hostendpoints',
    '<%= config.bin %> get hep -o wide -l environment=production',
    '<%= config.bin %> get hep web-1 -o yaml',
    '<%= config.bin %> get heps -o custom-columns=NAME:.metadata.name,IPS:.spec.expectedIPs',
    `<%= config.bin %> get heps -o jsonpath='{range .items[*]}{.metadata.name}{"\\n"}{end}'`,
    '<%= config.bin %> get -f hep.yaml',
  ]

  static strict = false
  static flags = oclifFlags(get.flags)
  protected readonly verb = get
}
