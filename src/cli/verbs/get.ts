import {getResources, listResources} from '../../lifecycle/read-resources.js'
import {API_VERSION, LIST_KIND} from '../../model/hostendpoint.js'
import {type GetData, OUTPUT_FORMATS, type OutputFormat, OutputFormatError, parseOutputFormat, printGet, TemplateExecutionError} from '../../output/get-printer.js'
import {missingNamesText} from '../../output/missing-names.js'
import {withDatastore} from '../datastore-session.js'
import {GET_FAILED} from '../../output/input-problems.js'
import {ExitCode, UserFacingError} from '../exit-codes.js'
import {manifestFlags, manifestLoadOptions, refuseNamespace} from '../global-flags.js'
import {writeError, writeOut} from '../io.js'
import {requireKind, resourceNames} from '../resource-args.js'
import {parseSelectorFlag} from '../selector-flag.js'
import {ANY_POSITIONALS, defineVerb} from '../verb.js'

export const get = defineVerb({
  name: 'get',
  summary: 'Show HostEndpoints: all, by name, by manifest, or by label selector',
  description: `Output formats: ps (default: NAME, NODE), wide (+ INTERFACE, IPS, PROFILES), yaml, json, name,
custom-columns=HEADER:.json.path,... (or calicoctl's NAME,NODE,...), jsonpath=TEMPLATE, jsonpath-file=FILE, go-template=TEMPLATE,
go-template-file=FILE.
\`get -o yaml\` reads back: hepctl get hep NAME -o yaml | hepctl apply -f -

Exit codes: 0 success, 1 a named resource does not exist, 2 usage error, 3 datastore unusable.`,
  examples: [
    '<%= config.bin %> get hostendpoints',
    '<%= config.bin %> get hep -o wide -l environment=production',
    '<%= config.bin %> get hep web-1 -o yaml',
    '<%= config.bin %> get heps -o custom-columns=NAME:.metadata.name,IPS:.spec.expectedIPs',
    `<%= config.bin %> get heps -o jsonpath='{range .items[*]}{.metadata.name}{"\\n"}{end}'`,
    '<%= config.bin %> get -f hep.yaml',
    '<%= config.bin %> get hep -w -l environment=production',
    '<%= config.bin %> get hep --watch-only -o json --output-watch-events',
  ],
  flags: {
    ...manifestFlags(false),
    output: {type: 'string', short: 'o', description: OUTPUT_FORMATS.join(', ')},
    selector: {type: 'string', short: 'l', description: 'only objects whose labels match (e.g. env=prod,tier in (web,api),!legacy)'},
    export: {type: 'boolean', description: 'strip cluster-specific metadata (uid, resourceVersion, creationTimestamp) from named objects'},
    'show-labels': {type: 'boolean', description: 'add a LABELS column to table output'},
    'sort-by': {type: 'string', description: 'sort by the value of a JSONPath expression, as kubectl does (--sort-by=.spec.node, --sort-by={.metadata.name})'},
    'label-columns': {type: 'string', short: 'L', multiple: true, description: 'label keys to show as columns of table output, comma-separated or repeated (-L env,tier -L zone)'},
    'no-headers': {type: 'boolean', description: 'leave out the header line of table output'},
    'ignore-not-found': {type: 'boolean', description: 'a named resource that does not exist is left out, not an error (kubectl\'s flag)'},
    watch: {type: 'boolean', short: 'w', description: 'after the list, print each change as it happens, until Ctrl-C'},
    'watch-only': {type: 'boolean', description: 'print only the changes, not the list first'},
    'output-watch-events': {type: 'boolean', description: 'with -w: print each change as an event {type: ADDED|MODIFIED|DELETED, object}'},
    'allow-missing-template-keys': {type: 'string', description: 'true (default) or false: whether a missing key in a jsonpath or go-template is an error'},
  },
  positionals: ANY_POSITIONALS,
  async run(flags, args) {
    refuseNamespace(flags)
    let format: OutputFormat
    try {
      format = await parseOutputFormat(flags.output)
    } catch (error) {
      if (error instanceof OutputFormatError) throw new UserFacingError(error.message, ExitCode.USAGE)
      throw error
    }
    const allowMissing = flags['allow-missing-template-keys']
    if (allowMissing !== undefined && allowMissing !== 'true' && allowMissing !== 'false') throw new UserFacingError(`--allow-missing-template-keys takes true or false, not ${JSON.stringify(allowMissing)}`, ExitCode.USAGE)
    const allowMissingTemplateKeys = allowMissing !== 'false'
    const labelColumns = flags['label-columns']?.flatMap(keys => keys.split(',')).map(key => key.trim()).filter(key => key !== '')
    const watching = flags.watch || flags['watch-only']
    if (watching && flags.filename) throw new UserFacingError('--watch takes KIND [NAME...], not -f', ExitCode.USAGE)
    if (!watching && flags['output-watch-events']) throw new UserFacingError('--output-watch-events goes with -w/--watch or --watch-only', ExitCode.USAGE)
    const selector = flags.selector === undefined ? undefined : parseSelectorFlag(flags.selector)
    let names: string[] | undefined
    /** Revisions given in manifests (get -f): where the backend can, the object as it was then. */
    let revisions: (string | undefined)[] = []
    if (flags.filename) {
      if (args.length > 0) throw new UserFacingError('use either -f or KIND [NAME...], not both', ExitCode.USAGE)
      // Manifest reading and validation load only for get -f: a plain get starts without them.
      const {loadValidObjects} = await import('../load-manifests.js')
      const objects = await loadValidObjects(flags.filename, {...manifestLoadOptions(flags), verb: 'get', readOnly: true})
      if (objects.length === 0) return ExitCode.OK
      names = objects.map(o => o.metadata.name)
      revisions = objects.map(o => o.metadata.resourceVersion)
    } else {
      if (args[0] === undefined) requireKind(undefined)
      try {
        const given = resourceNames(args)
        names = given.length > 0 ? given : undefined
      } catch (error) {
        // calicoctl's words for what its engine refuses before it reads anything.
        if (error instanceof UserFacingError) throw new UserFacingError(`${GET_FAILED}${error.message}`, error.exitCode, error.hint)
        throw error
      }
    }

    if (watching) {
      // Loaded only here, so that a plain get never parses the watch code.
      const {watchGet} = await import('../watch-get.js')
      return watchGet(flags, {format, names, selector, includeInitial: !flags['watch-only'], events: flags['output-watch-events'], allowMissingTemplateKeys, showLabels: flags['show-labels'], labelColumns, noHeaders: flags['no-headers']})
    }
    const {data, missing} = await withDatastore(flags, async (store): Promise<{data: GetData; missing: string[]}> => {
      if (names === undefined) {
        const {items, revision} = await listResources(store, selector)
        return {data: {kind: 'list', list: {apiVersion: API_VERSION, kind: LIST_KIND, metadata: {resourceVersion: revision}, items}}, missing: []}
      }
      const {found, missing} = await getResources(store, names, {revisions, selector})
      return {data: {kind: 'named', objects: found}, missing}
    })
    if (flags['sort-by'] !== undefined) {
      const {sortObjects} = await import('../../output/sort-by.js')
      try {
        if (data.kind === 'list') data.list.items = sortObjects(data.list.items, flags['sort-by'])
        else data.objects = sortObjects(data.objects, flags['sort-by'])
      } catch (error) {
        if (error instanceof OutputFormatError) throw new UserFacingError(error.message, ExitCode.USAGE)
        throw error
      }
    }
    let text: string
    try {
      text = printGet(data, format, {showLabels: flags['show-labels'], labelColumns, noHeaders: flags['no-headers'], export: flags.export, allowMissingTemplateKeys})
    } catch (error) {
      if (error instanceof TemplateExecutionError) throw new UserFacingError(error.message, ExitCode.FAILED)
      throw error
    }
    writeOut(text)
    // As calicoctl: what was found is printed first, then an error line per name that was not.
    if (missing.length === 0 || flags['ignore-not-found']) return ExitCode.OK
    writeError(missingNamesText(missing))
    return ExitCode.FAILED
  },
})
