import {commandFor} from '../cli/command-for.js'
import {create} from '../cli/verbs/create.js'

export default commandFor(create)
