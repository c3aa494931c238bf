import {commandFor} from '../cli/command-for.js'
import {trace} from '../cli/verbs/trace.js'

export default commandFor(trace)
