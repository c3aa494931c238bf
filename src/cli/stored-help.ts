/**
 * Help and `--version` without loading oclif, whose import alone costs more than starting Node.
 *
 * The help texts are oclif's own, rendered once at build time (scripts/render-help.mjs) for an 80-column
 * page, which is what oclif prints into a pipe, and kept in dist/help.json. They are printed as they are
 * wherever that page fits: into a pipe, or on a terminal at least 80 columns wide. A narrower terminal, or
 * OCLIF_COLUMNS set, gets oclif's help rendered for its width. HEPCTL_LIVE_HELP=1 has oclif answer help and
 * --version itself (the build renders the texts that way, and the tests compare the two).
 */
import {existsSync, readFileSync} from 'node:fs'
import {release} from 'node:os'

import {storedText} from '../output/stored-texts.js'
import {hepctlVersion} from '../output/tool-version.js'

const PAGE_COLUMNS = 80

/** Prints the stored help of a command ('' for the list of commands); false when oclif is to render it. */
export function printStoredHelp(command: string): boolean {
  if (process.env.OCLIF_COLUMNS || process.env.HEPCTL_LIVE_HELP) return false
  if (process.stdout.isTTY && process.stdout.columns < PAGE_COLUMNS) return false
  // None when not built (a build from source in progress, or the single binary): oclif renders it.
  const text = storedText('help.json', command)
  if (text === undefined) return false
  process.stdout.write(text)
  return true
}

/**
 * What `hepctl --version` prints, as oclif words it (name/version platform-arch node-version), or undefined
 * where oclif's answer takes more than this knows: under Windows' Linux (WSL) oclif may name the platform
 * `wsl`, so there oclif answers itself.
 */
export function versionLine(): string | undefined {
  if (process.env.HEPCTL_LIVE_HELP || (process.platform === 'linux' && mayBeWsl())) return undefined
  const arch = process.arch === 'ia32' ? 'x86' : process.arch
  return `hepctl/${hepctlVersion()} ${process.platform}-${arch} node-${process.version}`
}

function mayBeWsl(): boolean {
  if (/microsoft/i.test(release())) return true
  try {
    if (/microsoft/i.test(readFileSync('/proc/version', 'utf8'))) return true
  } catch {
    // no /proc: nothing says WSL
  }
  return existsSync('/proc/sys/fs/binfmt_misc/WSLInterop') || existsSync('/run/WSL')
}
