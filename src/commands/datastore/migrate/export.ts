import {commandFor} from '../../../cli/command-for.js'
import {migrateExport} from '../../../cli/verbs/datastore/migrate-export.js'

export default commandFor(migrateExport)
