#!/usr/bin/env node
// Manual benchmark (not in run.mjs): `hepctl validate -o json|sarif|text` on about a million problems.
// Prints each format's time, output size, the child's peak RSS and how many problems the output holds.
// Usage: node bench/large-report.mjs [problems]   (build first: npm run build)
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const problems = Number(process.argv[2] ?? 1_000_000)
const PORTS = 10
const resources = Math.ceil(problems / PORTS)
const dir = mkdtempSync(join(tmpdir(), 'hepctl-large-report-'))
const file = join(dir, 'many.yaml')
const ports = Array.from({length: PORTS}, (_, i) => `    - {name: p${i}, protocol: tcp, port: ${70000 + i}}\n`).join('')
const docs = []
for (let i = 0; i < resources; i++) {
  docs.push(`apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata:\n  name: host-${i}\nspec:\n  node: node1\n  interfaceName: eth0\n  profiles: [projectcalico-default-allow]\n  ports:\n${ports}`)
}
writeFileSync(file, docs.join('---\n'))

function run(format) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    // /usr/bin/time -f %M reports the child's peak RSS in KiB on stderr.
    const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, join(root, 'bin', 'run.js'), 'validate', '-f', file, '-o', format],
      {env: {PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe']})
    const out = []
    let err = ''
    child.stdout.on('data', d => out.push(d))
    child.stderr.on('data', d => { err += d })
    child.on('error', reject)
    child.on('close', code => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      const bytes = out.reduce((n, b) => n + b.length, 0)
      // The output can be larger than one string may be: count the problems' lines instead of parsing it.
      const marker = {json: '"code": "invalid-port"', sarif: '"ruleId": "invalid-port"', text: '[invalid-port]'}[format]
      let count = 0
      let carry = ''
      for (const buffer of out) {
        const text = carry + buffer.toString('latin1')
        count += text.split(marker).length - 1
        carry = text.slice(-marker.length)
        if (carry.includes(marker)) carry = ''
      }
      const rss = Number(err.trim().split('\n').pop()) / 1024
      resolve({format, code, seconds: seconds.toFixed(1), outputMiB: (bytes / 1048576).toFixed(0), problems: count, peakRssMiB: rss.toFixed(0)})
    })
  })
}

try {
  for (const format of ['json', 'sarif', 'text']) console.log(JSON.stringify(await run(format)))
} finally {
  rmSync(dir, {recursive: true, force: true})
}
