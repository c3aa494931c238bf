import {commandFor} from '../cli/command-for.js'
import {apply} from '../cli/verbs/apply.js'

export default commandFor(apply)
