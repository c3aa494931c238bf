import {Flags} from '@oclif/core'

import {HepctlCommand} from '../cli/base-command.js'
import {withDatastore} from '../cli/datastore-session.js'
import {ExitCode, UserFacingError} from '../cli/exit-codes.js'
import {writeError, writeOut} from '../cli/io.js'
import {loadValidObjects} from '../cli/load-manifests.js'
import {manifestFlags, optionalFilename, positionals, requireKind, requireNames} from '../cli/resource-flags.js'
import {parseSelectorFlag} from '../cli/selector-flag.js'
import {ResourceError} from '../datastore/datastore.js'
import {API_VERSION, type HostEndpoint, LIST_KIND} from '../model/hostendpoint.js'
import {type GetData, OutputFormatError, type OutputFormat, parseOutputFormat, printGet} from '../output/get-printer.js'

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
  static flags = {
    filename: optionalFilename,
    ...manifestFlags,
    output: Flags.string({char: 'o', description: 'ps, wide, yaml, json, name, custom-columns=..., jsonpath=...'}),
    selector: Flags.string({char: 'l', description: 'only objects whose labels match (e.g. env=prod,tier in (web,api),!legacy)'}),
    export: Flags.boolean({description: 'strip cluster-specific metadata (uid, resourceVersion, creationTimestamp) from named objects'}),
    'show-labels': Flags.boolean({description: 'add a LABELS column to table output'}),
    'no-headers': Flags.boolean({description: 'leave out the header line of table output'}),
  }

  async run(): Promise<void> {
    const {flags, argv} = await this.parse(Get)
    this.refuseNamespace(flags)
    let format: OutputFormat
    try {
      format = parseOutputFormat(flags.output)
    } catch (error) {
      if (error instanceof OutputFormatError) throw new UserFacingError(error.message, ExitCode.USAGE)
      throw error
    }
    const selector = flags.selector === undefined ? undefined : parseSelectorFlag(flags.selector)
    const args = positionals(argv)
    let names: string[] | undefined
    if (flags.filename) {
      if (args.length > 0) throw new UserFacingError('use either -f or KIND [NAME...], not both', ExitCode.USAGE)
      const objects = await loadValidObjects(flags.filename, {recursive: flags.recursive, strict: false, skipEmpty: flags['skip-empty']})
      if (objects.length === 0) return
      names = objects.map(o => o.metadata.name)
    } else {
      requireKind(args[0])
      names = args.length > 1 ? args.slice(1) : undefined
      if (names) requireNames(names)
    }

    const {data, missing} = await withDatastore(flags, async store => {
      if (names === undefined) {
        const {items, revision} = await store.list({selector})
        return {data: {kind: 'list', list: {apiVersion: API_VERSION, kind: LIST_KIND, metadata: {resourceVersion: revision}, items}} as GetData, missing: []}
      }
      const found = await Promise.all(names.map(name => store.get(name)))
      const objects: HostEndpoint[] = []
      const notFound: string[] = []
      found.forEach((object, i) => {
        if (!object) notFound.push(names![i])
        else if (!selector || selector.matches(object.metadata.labels)) objects.push(object)
      })
      return {data: {kind: 'named', objects} as GetData, missing: notFound}
    })
    writeOut(printGet(data, format, {showLabels: flags['show-labels'], noHeaders: flags['no-headers'], export: flags.export}))
    // As calicoctl: what was found is printed first, then an error line per name that was not.
    if (missing.length > 0) {
      writeError(missing.map(name => ResourceError.notFound(name).message).join('\n'))
      process.exitCode = ExitCode.FAILED
    }
  }
}
