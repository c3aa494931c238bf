import {commandFor} from '../cli/command-for.js'
import {get} from '../cli/verbs/get.js'

export default commandFor(get)
