import {commandFor} from '../cli/command-for.js'
import {crd} from '../cli/verbs/crd.js'

export default commandFor(crd)
