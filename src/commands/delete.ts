import {commandFor} from '../cli/command-for.js'
import {del} from '../cli/verbs/delete.js'

export default commandFor(del)
