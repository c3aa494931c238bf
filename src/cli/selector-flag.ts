import {type LabelSelector, LabelSelectorSyntaxError, parseLabelSelector} from '../model/label-selector.js'
import {ExitCode, UserFacingError} from './exit-codes.js'

/** `-l/--selector`: a syntax error is a usage error that says what was expected. */
export function parseSelectorFlag(text: string): LabelSelector {
  try {
    return parseLabelSelector(text)
  } catch (error) {
    if (error instanceof LabelSelectorSyntaxError) {
      throw new UserFacingError(error.message, ExitCode.USAGE) // the message names the selector already
    }
    throw error
  }
}
