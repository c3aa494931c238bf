import {commandFor} from '../cli/command-for.js'
import {validate} from '../cli/verbs/validate.js'

export default commandFor(validate)
