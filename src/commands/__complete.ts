import {commandFor} from '../cli/command-for.js'
import {complete} from '../cli/verbs/__complete.js'

export default commandFor(complete)
