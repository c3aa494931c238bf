import {commandFor} from '../cli/command-for.js'
import {label} from '../cli/verbs/label.js'

export default commandFor(label)
