import {commandFor} from '../cli/command-for.js'
import {describe} from '../cli/verbs/describe.js'

export default commandFor(describe)
