import {commandFor} from '../cli/command-for.js'
import {patch} from '../cli/verbs/patch.js'

export default commandFor(patch)
