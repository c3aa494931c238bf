import {isKindAlias, KIND_ALIASES} from '../../model/hostendpoint.js'
import {HOST_ENDPOINT} from '../../model/kinds.js'
import {ExplainError, explainText} from '../../output/explain-text.js'
import {readSchema} from '../../schema/schema-compile.js'
import {ExitCode, UserFacingError} from '../exit-codes.js'
import {writeOut} from '../io.js'
import {defineVerb} from '../verb.js'

export const explain = defineVerb({
  name: 'explain',
  summary: 'Describe the fields of a HostEndpoint, from hepctl\'s schema, as kubectl explain does',
  description: `Fields are named by a path below the kind: hostendpoint, hostendpoint.spec, hep.spec.ports.
--recursive lists every field below the path, by name and type, without descriptions.`,
  examples: ['<%= config.bin %> explain hostendpoint', '<%= config.bin %> explain hep.spec.ports', '<%= config.bin %> explain hostendpoint --recursive'],
  flags: {
    recursive: {type: 'boolean', description: 'list the fields of fields, all the way down, without descriptions'},
  },
  positionals: {args: [{name: 'field', description: 'KIND[.FIELD...], e.g. hostendpoint.spec.ports'}]},
  async run(flags, [fieldPath]) {
    const [kind, ...path] = fieldPath.split('.')
    if (!isKindAlias(kind)) throw new UserFacingError(`resource type '${kind}' is not supported (expected one of ${KIND_ALIASES.join(', ')})`, ExitCode.USAGE)
    if (path.some(p => p === '')) throw new UserFacingError(`malformed field path ${JSON.stringify(fieldPath)}: expected KIND.FIELD.FIELD...`, ExitCode.USAGE)
    const [group, version] = HOST_ENDPOINT.apiVersion.split('/')
    try {
      writeOut(explainText({group, version, kind: HOST_ENDPOINT.kind, schema: readSchema(HOST_ENDPOINT), definition: HOST_ENDPOINT.schema.definition}, path, {recursive: Boolean(flags.recursive)}))
    } catch (error) {
      if (error instanceof ExplainError) throw new UserFacingError(error.message, ExitCode.USAGE)
      throw error
    }
    return ExitCode.OK
  },
})
