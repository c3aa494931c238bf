import {commandFor} from '../cli/command-for.js'
import {explain} from '../cli/verbs/explain.js'

export default commandFor(explain)
