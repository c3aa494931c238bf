import type {ResourceResult} from '../lifecycle/results.js'
import {ExitCode} from './exit-codes.js'
import {writeError, writeOut} from './io.js'

/**
 * label and patch act on one resource and answer with one sentence: on stdout when it worked, on stderr
 * (with the validation problems, if that is why) when it did not.
 */
export function reportSingleResult(result: ResourceResult, dryRun?: boolean): number {
  const suffix = dryRun ? ' (dry run)' : ''
  if (result.action === 'failed') {
    const problems = (result.problems ?? []).map(p => `  ${p.path ? `${p.path}: ` : ''}${p.message} [${p.code}]`)
    writeError([result.message ?? result.error?.message ?? 'failed', ...problems].join('\n'))
    return ExitCode.FAILED
  }
  writeOut(`${result.message ?? `hostendpoint/${result.name} ${result.action}`}${suffix}\n`)
  return ExitCode.OK
}
