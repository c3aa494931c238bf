import {commandFor} from '../cli/command-for.js'
import {edit} from '../cli/verbs/edit.js'

export default commandFor(edit)
