/**
 * `hepctl diff` with the user's own diff program, chosen and called as `kubectl diff` calls
 * KUBECTL_EXTERNAL_DIFF: the live objects are written to a fresh directory LIVE-<random>, the objects as
 * apply would store them to MERGED-<random>, one YAML file per object named
 * `<group>.<version>.<Kind>.<namespace>.<name>`, and the program is run with the two directories as its
 * first two arguments, followed by the arguments the variable gives. Both directories are removed afterwards.
 */
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'

import {DNS1123_SUBDOMAIN} from '../model/kubernetes-names.js'
import {diffFileTexts, type ObjectDiff} from '../output/diff-text.js'
import {ExitCode, UserFacingError} from './exit-codes.js'
import {writeError} from './io.js'

/** HEPCTL_EXTERNAL_DIFF wins over KUBECTL_EXTERNAL_DIFF when both are set; an empty value is unset. */
export const EXTERNAL_DIFF_VARIABLES = ['HEPCTL_EXTERNAL_DIFF', 'KUBECTL_EXTERNAL_DIFF'] as const

/** kubectl passes on only arguments made of letters, digits, '-' and '='; it drops any other. */
const SIMPLE_ARGUMENT = /^[a-zA-Z0-9=-]+$/

export interface ExternalDiff {
  /** The variable the command came from, for messages. */
  variable: string
  program: string
  /** Arguments after the two directories. */
  args: string[]
  /** Arguments the variable gave that kubectl would not pass on, so neither does hepctl. */
  dropped: string[]
}

/**
 * The external diff command the environment asks for, or undefined for hepctl's own diff. The value is split
 * on spaces as kubectl splits it (no quoting): the first word is the program, the rest its arguments.
 */
export function externalDiffCommand(env: NodeJS.ProcessEnv = process.env): ExternalDiff | undefined {
  for (const variable of EXTERNAL_DIFF_VARIABLES) {
    const value = env[variable]
    if (value === undefined || value === '') continue
    const [program, ...words] = value.split(' ').filter(word => word !== '')
    if (program === undefined) throw new UserFacingError(`${variable} is set but names no program`, ExitCode.USAGE)
    return {variable, program, args: words.filter(w => SIMPLE_ARGUMENT.test(w)), dropped: words.filter(w => !SIMPLE_ARGUMENT.test(w))}
  }
  return undefined
}

/**
 * The file an object is written to in the LIVE and MERGED directories, kubectl's name for it
 * (`projectcalico.org.v3.HostEndpoint..web-1`: HostEndpoint is cluster-scoped, so the namespace part is
 * empty). The object name is checked to be a DNS-1123 subdomain first, so no name can reach outside the
 * directory.
 */
export function diffFileName(object: {apiVersion: string; kind: string; metadata: {name: string}}): string {
  const {name} = object.metadata
  if (!DNS1123_SUBDOMAIN.test(name)) throw new UserFacingError(`cannot name a diff file after ${JSON.stringify(name)}: not a valid resource name`, ExitCode.USAGE)
  const file = `${object.apiVersion.replace('/', '.')}.${object.kind}..${name}`
  if (!/^[A-Za-z0-9._-]+$/.test(file) || basename(file) !== file) throw new UserFacingError(`cannot name a diff file ${JSON.stringify(file)}`, ExitCode.USAGE)
  return file
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/** Runs `command` on LIVE and MERGED directories holding `diffs`; returns kubectl diff's exit code (0 same, 1 differences). */
export async function runExternalDiff(command: ExternalDiff, diffs: readonly ObjectDiff[]): Promise<number> {
  for (const word of command.dropped) {
    writeError(`Warning: ${command.variable}: argument ${JSON.stringify(word)} ignored (as kubectl does, only letters, digits, '-' and '=' are passed on)`)
  }
  const live = mkdtempSync(join(tmpdir(), 'LIVE-'))
  let merged: string | undefined
  try {
    merged = mkdtempSync(join(tmpdir(), 'MERGED-'))
    for (const diff of diffs) {
      const file = diffFileName(diff.merged)
      const texts = diffFileTexts(diff)
      writeFileSync(join(live, file), texts.live, {mode: 0o600})
      writeFileSync(join(merged, file), texts.merged, {mode: 0o600})
    }
    return await runProgram(command, [live, merged, ...command.args])
  } finally {
    rmSync(live, {recursive: true, force: true})
    if (merged !== undefined) rmSync(merged, {recursive: true, force: true})
  }
}

/**
 * Runs the program on hepctl's terminal and waits for it. A signal that would end hepctl meanwhile (Ctrl-C
 * reaches both) is passed on to the program instead, so hepctl outlives it and removes the directories.
 */
function runProgram({variable, program}: ExternalDiff, args: string[]): Promise<number> {
  const what = `the external diff program ${JSON.stringify(program)} (from ${variable})`
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {stdio: 'inherit'})
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal)
    }
    for (const signal of SIGNALS) process.on(signal, forward)
    const settle = (): void => {
      for (const signal of SIGNALS) process.off(signal, forward)
    }
    child.on('error', error => {
      settle()
      reject(new UserFacingError(`could not start ${what}: ${error.message}`, ExitCode.ENVIRONMENT))
    })
    child.on('exit', (status, signal) => {
      settle()
      // kubectl diff's convention, which the program is expected to follow: 0 no differences, 1 differences, >1 error.
      if (status === 0 || status === 1) resolve(status)
      else reject(new UserFacingError(`${what} ${status === null ? `was killed by ${signal}` : `failed with exit status ${status}`}`, ExitCode.ENVIRONMENT))
    })
  })
}
