/** The words of `hepctl edit`: kubectl's editor header, its cancel and copy lines, and the per-object results. */
import type {ResourceResult} from '../lifecycle/resource-result.js'
import {failureText, RESULT_PREFIX} from './write-results.js'

export const EDIT_CANCELLED = 'Edit cancelled, no changes made.'

/** kubectl's header above an object whose edit was refused, one `# * ...` line per problem. */
export function editProblemsHeader(names: readonly string[], problems: readonly string[]): string {
  const subject = names.length === 1 ? `hostendpoints ${JSON.stringify(names[0])}` : `hostendpoints ${names.map(n => JSON.stringify(n)).join(', ')}`
  const lines = [
    '# Please edit the object below. Lines beginning with a \'#\' will be ignored,',
    '# and an empty file will abort the edit. If an error occurs while saving this file will be',
    '# reopened with the relevant failures.',
    '#',
    `# ${subject} was not valid:`,
    ...problems.flatMap(p => p.split('\n')).map(p => `# * ${p}`),
    '#',
  ]
  return `${lines.join('\n')}\n`
}

/** The text without the lines that start with `#` (the header hepctl writes and any the user adds). */
export function withoutCommentLines(text: string): string {
  return text.split('\n').filter(line => !line.startsWith('#')).join('\n')
}

export function copyStoredText(path: string): string {
  return `A copy of your changes has been stored to ${JSON.stringify(path)}`
}

/** `hostendpoint/NAME edited`, `hostendpoint/NAME unchanged`, or the failure. */
export function editResultLine(result: ResourceResult): string {
  const head = `${RESULT_PREFIX}${result.name}`
  if (result.action === 'failed') return `${head} failed: ${failureText(result)}`
  return `${head} ${result.action === 'unchanged' ? 'unchanged' : 'edited'}`
}
