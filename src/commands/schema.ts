import {commandFor} from '../cli/command-for.js'
import {schema} from '../cli/verbs/schema.js'

export default commandFor(schema)
