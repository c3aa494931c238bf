import {commandFor} from '../cli/command-for.js'
import {replace} from '../cli/verbs/replace.js'

export default commandFor(replace)
