import {readdirSync, type Stats, statSync} from 'node:fs'
import {join} from 'node:path'

import {osReason} from '../os/os-error.js'

/**
 * Turning `-f` arguments into the files to read: a file as given, or a directory's manifests in lexical order.
 * The calls are synchronous: loading node:fs/promises costs a process a few per cent of Node's start-up, more
 * than the few stat and readdir calls of a run take.
 */

const MANIFEST_EXTENSION = /\.(ya?ml|json)$/i

/** `info` is the argument's own stat, when it is not a directory (it is then the one file). */
export type InputFiles = {files: string[]; info?: Stats} | {error: string}

/** Files of a directory (sorted by name; subdirectories walked in place when `recursive`). */
function walk(dir: string, recursive: boolean, out: string[]): void {
  const entries = readdirSync(dir, {withFileTypes: true})
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (recursive) walk(path, recursive, out)
    } else if (MANIFEST_EXTENSION.test(entry.name)) {
      out.push(path)
    }
  }
}

/** The files one `-f` argument stands for, or why it cannot be read. */
export async function inputFiles(input: string, recursive: boolean): Promise<InputFiles> {
  let info: Stats
  try {
    info = statSync(input)
  } catch (e) {
    return {error: `open ${input}: ${osReason(e)}`}
  }
  if (!info.isDirectory()) return {files: [input], info}
  const files: string[] = []
  try {
    walk(input, recursive, files)
  } catch (e) {
    const failed = (e as NodeJS.ErrnoException).path ?? input
    return {error: `open ${failed}: ${osReason(e)}`}
  }
  // A directory without manifests is not an error in itself: input with no resource at all is, as in calicoctl
  // (`no resources specified in directory <d>`), unless --skip-empty.
  return {files}
}
