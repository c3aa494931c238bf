/**
 * Runs the built `hepctl` as a user would: a real process, real argv, real stdin/stdout/stderr and exit code.
 * `npm test` builds first; running vitest alone needs `npm run build`.
 */
import {spawn} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {afterAll} from 'vitest'

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const hepctlBin = join(repoRoot, 'bin', 'run.js')

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

export interface CliOptions {
  input?: string
  env?: NodeJS.ProcessEnv
  cwd?: string
}

export function hepctl(args: string[], options: CliOptions = {}): Promise<CliResult> {
  if (!existsSync(join(repoRoot, 'dist', 'cli', 'fast-route.js'))) {
    throw new Error('hepctl is not built: run `npm run build` (npm test does it for you)')
  }
  return runProcess(process.execPath, [hepctlBin, ...args], {
    cwd: options.cwd ?? repoRoot,
    // A clean environment: no colour, no CI annotations, no stray datastore settings from the caller.
    env: {PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...options.env},
    input: options.input,
  })
}

/** Runs `command` with exactly `env`, feeding it `input`; resolves with its exit code and output. */
export function runProcess(command: string, args: string[], options: {cwd: string; env: NodeJS.ProcessEnv; input?: string}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe']})
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', d => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', d => (stderr += d))
    child.on('error', reject)
    child.on('close', code => resolve({code, stdout, stderr}))
    child.stdin.on('error', () => {}) // the command may exit before reading stdin
    child.stdin.end(options.input ?? '')
  })
}

/** A temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'hepctl-test-'): {path: string; cleanup(): void} {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return {path, cleanup: () => rmSync(path, {recursive: true, force: true})}
}

/**
 * For one test file: a temporary folder (removed after the file's tests) with a file store in it, the
 * environment that selects that store, and `write`, which puts a file in the folder and returns its path.
 */
export function useFileStore(): {path: string; env: NodeJS.ProcessEnv; write(name: string, text: string): string} {
  const dir = tempDir()
  afterAll(() => dir.cleanup())
  return {
    path: dir.path,
    env: fileStoreEnv(join(dir.path, 'store')),
    write(name, text) {
      const file = join(dir.path, name)
      writeFileSync(file, text)
      return file
    },
  }
}

/** Environment for a CLI run against a file store in `dir`, with no config file in the way. */
export function fileStoreEnv(dir: string): NodeJS.ProcessEnv {
  return {DATASTORE_TYPE: 'file', HEPCTL_FILE_STORE: dir}
}

/** A valid HostEndpoint manifest. */
export function hepYaml(name: string, extra: {node?: string; iface?: string; labels?: Record<string, string>; profiles?: string[]} = {}): string {
  const labels = Object.entries(extra.labels ?? {}).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}\n`).join('')
  return `apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata:
  name: ${name}
${labels ? `  labels:\n${labels}` : ''}spec:
  node: ${extra.node ?? 'node1'}
  interfaceName: ${extra.iface ?? 'eth0'}
  expectedIPs: ["10.0.0.1"]
  profiles: [${(extra.profiles ?? ['projectcalico-default-allow']).join(', ')}]
`
}
