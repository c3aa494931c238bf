import {ExitCode} from '../exit-codes.js'
import {writeOut} from '../io.js'
import {defineVerb, NO_POSITIONALS} from '../verb.js'

export const schema = defineVerb({
  name: 'schema',
  summary: 'Print the JSON Schema of a HostEndpoint manifest, for editors and other validators',
  description: `The schema hepctl validates with (the Calico rules it checks on top are not expressible in JSON Schema).
Its $id is stable, so an editor can refer to it by that name or by a saved copy:
  hepctl schema > hostendpoint.schema.json
  # yaml-language-server: $schema=./hostendpoint.schema.json`,
  examples: ['<%= config.bin %> schema > hostendpoint.schema.json'],
  flags: {},
  positionals: NO_POSITIONALS,
  async run() {
    const {readSchemaText} = await import('../../schema/schema-compile.js')
    writeOut(readSchemaText())
    return ExitCode.OK
  },
})
