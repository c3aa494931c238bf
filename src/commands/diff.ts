import {commandFor} from '../cli/command-for.js'
import {diff} from '../cli/verbs/diff.js'

export default commandFor(diff)
