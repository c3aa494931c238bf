import {commandFor} from '../cli/command-for.js'
import {completion} from '../cli/verbs/completion.js'

export default commandFor(completion)
