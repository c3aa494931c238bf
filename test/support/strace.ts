/**
 * Fault injection with strace (`-e inject=SYSCALL:error=CODE:when=N`): runs a TypeScript worker under strace so
 * that one system call fails as a broken disk would make it. Tests skip with a notice where strace (or ptrace)
 * is missing, and fail under CI (required-tool.ts).
 */
import {spawn, spawnSync} from 'node:child_process'
import {join} from 'node:path'

import {repoRoot} from './cli.js'
import {toolAvailable} from './required-tool.js'

function straceWorks(): boolean {
  const probe = spawnSync('strace', ['-f', '-qq', '-e', 'trace=none', 'true'], {encoding: 'utf8'})
  return probe.status === 0
}

export function straceAvailable(): boolean {
  return toolAvailable('strace (with ptrace allowed)', straceWorks(), 'Debian: apt-get install strace; containers need ptrace')
}

export interface WorkerRun {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs `node --import tsx script args` under strace with the given `-e inject=...` specs. */
export function runInjected(injections: string[], script: string, args: string[]): Promise<WorkerRun> {
  const straceArgs = ['-f', '-qq', '-o', '/dev/null']
  for (const spec of injections) straceArgs.push('-e', `inject=${spec}`)
  return new Promise((resolve, reject) => {
    const child = spawn('strace', [...straceArgs, process.execPath, '--import', 'tsx', join(repoRoot, script), ...args], {
      cwd: repoRoot,
      // strace counts calls per thread (`when=1` is each thread's first): one libuv thread makes it the process's.
      env: {...process.env, UV_THREADPOOL_SIZE: '1'},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    child.on('error', reject)
    child.on('close', code => resolve({code, stdout, stderr}))
  })
}
