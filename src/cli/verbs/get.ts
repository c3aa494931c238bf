import {ResourceError} from '../../datastore/datastore.js'
import {displayName} from '../../datastore/resource-name.js'
import {API_VERSION, type HostEndpoint, LIST_KIND} from '../../model/hostendpoint.js'
import {type GetData, OUTPUT_FORMATS, type OutputFormat, OutputFormatError, parseOutputFormat, printGet, TemplateExecutionError} from '../../output/get-printer.js'
import {withDatastore} from '../datastore-session.js'
import {ExitCode, UserFacingError} from '../exit-codes.js'
import {ANY_POSITIONALS, type Verb} from '../flag-table.js'
import {manifestFlags, manifestLoadOptions, refuseNamespace} from '../global-flags.js'
import {writeError, writeOut} from '../io.js'
import {loadValidObjects} from '../load-manifests.js'
import {requireKind, requireNames} from '../resource-args.js'
import {parseSelectorFlag} from '../selector-flag.js'

export const get: Verb = {
  flags: {
    ...manifestFlags(false),
    output: {type: 'string', short: 'o', description: OUTPUT_FORMATS.join(', ')},
    selector: {type: 'string', short: 'l', description: 'only objects whose labels match (e.g. env=prod,tier in (web,api),!legacy)'},
    export: {type: 'boolean', description: 'strip cluster-specific metadata (uid, resourceVersion, creationTimestamp) from named objects'},
    'show-labels': {type: 'boolean', description: 'add a LABELS column to table output'},
    'no-headers': {type: 'boolean', description: 'leave out the header line of table output'},
    'allow-missing-template-keys': {type: 'string', description: 'true (default) or false: whether a missing key in a jsonpath or go-template is an error'},
  },
  positionals: ANY_POSITIONALS,
  async run(flags, args) {
    refuseNamespace(flags)
    let format: OutputFormat
    try {
      format = parseOutputFormat(flags.output as string | undefined)
    } catch (error) {
      if (error instanceof OutputFormatError) throw new UserFacingError(error.message, ExitCode.USAGE)
      throw error
    }
    const selector = flags.selector === undefined ? undefined : parseSelectorFlag(flags.selector as string)
    let names: string[] | undefined
    /** Revisions given in manifests (get -f): where the backend can, the object as it was then. */
    let revisions: (string | undefined)[] = []
    if (flags.filename) {
      if (args.length > 0) throw new UserFacingError('use either -f or KIND [NAME...], not both', ExitCode.USAGE)
      const objects = await loadValidObjects(flags.filename as string[], manifestLoadOptions(flags))
      if (objects.length === 0) return ExitCode.OK
      names = objects.map(o => o.metadata.name)
      revisions = objects.map(o => o.metadata.resourceVersion)
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
      const found = await Promise.all(names.map((name, i) => store.get(name, {revision: revisions[i]})))
      const objects: HostEndpoint[] = []
      const notFound: string[] = []
      found.forEach((object, i) => {
        if (!object) notFound.push(names![i])
        else if (!selector || selector.matches(object.metadata.labels)) objects.push(object)
      })
      return {data: {kind: 'named', objects} as GetData, missing: notFound}
    })
    const allowMissing = flags['allow-missing-template-keys']
    if (allowMissing !== undefined && allowMissing !== 'true' && allowMissing !== 'false') throw new UserFacingError(`--allow-missing-template-keys takes true or false, not ${JSON.stringify(allowMissing)}`, ExitCode.USAGE)
    const allowMissingTemplateKeys = allowMissing !== 'false'
    let text: string
    try {
      text = printGet(data, format, {showLabels: Boolean(flags['show-labels']), noHeaders: Boolean(flags['no-headers']), export: Boolean(flags.export), allowMissingTemplateKeys})
    } catch (error) {
      if (error instanceof TemplateExecutionError) throw new UserFacingError(error.message, ExitCode.FAILED)
      throw error
    }
    writeOut(text)
    // As calicoctl: what was found is printed first, then an error line per name that was not.
    if (missing.length === 0) return ExitCode.OK
    writeError(missing.map(name => ResourceError.notFound(displayName(name)).message).join('\n'))
    return ExitCode.FAILED
  },
}
