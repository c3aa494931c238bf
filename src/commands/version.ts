import {commandFor} from '../cli/command-for.js'
import {version} from '../cli/verbs/version.js'

export default commandFor(version)
