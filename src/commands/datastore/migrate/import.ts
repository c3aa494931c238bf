import {commandFor} from '../../../cli/command-for.js'
import {migrateImport} from '../../../cli/verbs/datastore/migrate-import.js'

export default commandFor(migrateImport)
