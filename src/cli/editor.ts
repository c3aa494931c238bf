/**
 * The user's editor, chosen and started as kubectl does: $KUBE_EDITOR, else $EDITOR, else vi. A value
 * without spaces is run as the program itself; one with spaces (a program and its arguments) through
 * `sh -c`, with the file appended.
 */
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {ExitCode, UserFacingError} from './exit-codes.js'

export function editorCommand(env: NodeJS.ProcessEnv = process.env): string {
  for (const value of [env.KUBE_EDITOR, env.EDITOR]) if (value !== undefined && value.trim() !== '') return value.trim()
  return 'vi'
}

const shellQuote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`

/** Runs the editor on `file` with the terminal, waits for it; a failure to start or a non-zero exit throws. */
export function runEditor(file: string, editor = editorCommand()): void {
  const [command, args] = /\s/.test(editor) ? ['sh', ['-c', `${editor} ${shellQuote(file)}`]] : [editor, [file]]
  const run = spawnSync(command, args, {stdio: 'inherit'})
  if (run.error) throw new UserFacingError(`could not start the editor ${JSON.stringify(editor)}: ${run.error.message}; nothing was written`, ExitCode.ENVIRONMENT)
  if (run.status !== 0) {
    const how = run.status === null ? `was killed by ${run.signal}` : `exited with status ${run.status}`
    throw new UserFacingError(`the editor ${JSON.stringify(editor)} ${how}; nothing was written`, ExitCode.FAILED)
  }
}

/** A file of its own in a fresh private directory (created exclusively, mode 0600); `remove` deletes both. */
export function privateTempFile(prefix: string, name: string, text: string): {path: string; remove(): void} {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const path = join(dir, name)
  writeFileSync(path, text, {flag: 'wx', mode: 0o600})
  return {path, remove: () => rmSync(dir, {recursive: true, force: true})}
}
