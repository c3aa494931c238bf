import type {ResourceResult} from '../lifecycle/results.js'
import {formatPath} from '../problem/path-text.js'
import {ExitCode} from './exit-codes.js'
import {writeError, writeOut} from './io.js'

/**
 * label and patch act on one resource and answer with calicoctl's sentence: on stdout when it worked, on
 * stderr (with validation problems the sentence does not already state) when it did not.
 */
export function reportSingleResult(verb: 'label' | 'patch', result: ResourceResult, dryRun: boolean): number {
  const suffix = dryRun ? ' (dry run)' : ''
  if (result.action === 'failed') {
    const message = result.message ?? result.error?.message ?? 'failed'
    const details = (result.problems ?? [])
      .filter(p => !message.includes(p.message))
      .map(p => `  ${p.path.length > 0 ? `${formatPath(p.path)}: ` : ''}${p.message} [${p.code}]`)
    writeError([verb === 'patch' ? `hit error: ${message}` : message, ...details].join('\n'))
    return ExitCode.FAILED
  }
  const sentence = verb === 'patch' ? "Successfully patched 1 'HostEndpoint' resource" : result.message ?? `hostendpoint/${result.name} ${result.action}`
  writeOut(`${sentence}${suffix}\n`)
  return ExitCode.OK
}
