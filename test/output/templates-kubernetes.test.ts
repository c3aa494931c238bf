/**
 * Differential test: hepctl's jsonpath and go-template engines against kubectl itself. HostEndpoints are
 * stored in a real kube-apiserver; kubectl prints them with `-o jsonpath=...` / `-o go-template=...`, and
 * hepctl's engines run on the same objects as the server returns them. Output and the error/no-error
 * verdict must agree, and so must the error's own words (kubectl's debugging dump after them aside).
 * Templates follow client-go's jsonpath tests and the cases kubectl users hit.
 */
import {execFile} from 'node:child_process'
import {beforeAll, describe, expect, it} from 'vitest'

import {GoTemplateError, executeGoTemplate, parseGoTemplate} from '../../src/output/go-template.js'
import {JsonPathError, executeJsonPath, parseJsonPath} from '../../src/output/jsonpath.js'
import {type KubeApiserverInfo, kubeRequest, useKubeApiserver} from '../support/kube-apiserver.js'

const server = useKubeApiserver()
const GROUP = 'crd.projectcalico.org/v1'
const NAME = 'template-parity'

const OBJECT = {
  apiVersion: GROUP, kind: 'HostEndpoint', metadata: {name: NAME, labels: {env: 'prod', 'example.com/tier': 'web'}},
  spec: {node: 'node-1', interfaceName: 'eth0', expectedIPs: ['10.0.0.1', 'fd00::1', '192.0.2.7'], profiles: ['p1', 'p2'],
    ports: [{name: 'http', port: 8080, protocol: 'TCP'}, {name: 'dns', port: 53, protocol: 'UDP'}]},
}

const JSONPATH = [
  '{.kind}', '{.metadata.name}', '{.}', '{.spec.expectedIPs}', '{.spec.expectedIPs[*]}', '{.spec.expectedIPs[0]}', '{.spec.expectedIPs[-1]}',
  '{.spec.expectedIPs[5]}', '{.spec.expectedIPs[-5]}', '{.spec.expectedIPs[0:2]}', '{.spec.expectedIPs[1:]}', '{.spec.expectedIPs[:2]}',
  '{.spec.expectedIPs[0:9]}', '{.spec.expectedIPs[2:1]}', '{.spec.expectedIPs[1:1]}', '{.spec.expectedIPs[::2]}', '{.spec.expectedIPs[::0]}',
  '{.spec.expectedIPs[::-1]}', '{.spec.expectedIPs[]}', '{.metadata[0]}', '{.spec.node[0]}', '{hello}', '{end}', '{.spec.ports}',
  '{.spec.ports[0]}', '{.spec.ports[*].port}', '{.spec.ports[?(@.port==8080)].name}', '{.spec.ports[?(@.port>100)].name}',
  '{.spec.ports[?(@.port==8080.0)].name}', '{.spec.ports[?(@.name=="dns")].port}', "{.spec.ports[?(@.protocol!='TCP')].name}",
  '{.spec.ports[?(@.name)].port}', '{.spec.ports[?(@.nope)].port}', '{.spec[?(@.x)]}', "{.spec.ports[*]['name','port']}",
  "{.spec['node','interfaceName']}", "{.spec.expectedIPs[0,'x',2]}", "{.spec.ports[0]['name']}", "{['spec.node']}",
  "{.metadata.labels['example.com/tier']}", '{.metadata.labels.example\\.com/tier}', '{.metadata.labels.env}',
  '{range .spec.ports[*]}{.name}={.port}{"\\n"}{end}', '{range .spec.expectedIPs[*]}[{@}]{end}', '{range .spec.nope[*]}x{end}after',
  '{.spec..name}', '{..port}', '{.spec.ports..port}', '{....name}', '{.spec.nope}', '{.spec.nope[0]}', '{.nope.deeper}',
  'text {.spec.node} and {"quoted\\ttab"} {\'single\'} {1} {2.5} {true}', '{.spec.ports[0].port}{" "}{.spec.node}',
  '{.metadata.name', '{.spec.expectedIPs[x]}', '{"unterminated}', '{.spec.ports[?(@.port==)]}', '{.a\nb}',
]

const GO_TEMPLATES = [
  '{{.metadata.name}}', '{{range .spec.ports}}{{.name}}:{{.port}} {{end}}', '{{printf "%T %d %v" (index .spec.ports 0).port (index .spec.ports 0).port .spec.profiles}}',
  '{{.nope}}', '{{.nope.x}}', '{{.spec}}', '{{if eq (index .spec.ports 0).port 8080}}y{{else}}n{{end}}', '{{len .spec.expectedIPs}}',
  '{{range $i, $ip := .spec.expectedIPs}}{{if $i}},{{end}}{{$ip}}{{end}}', '{{index .metadata.labels "example.com/tier"}}', '{{.metadata.labels}}',
  '{{- range .spec.ports}}\n  {{- .name}}\n{{- end}}', '{{.a', '{{foo .x}}', '{{index .spec.expectedIPs 7}}', '{{.spec.node.x}}',
]

interface Outcome {
  out?: string
  error?: string
}

function runKubectl(info: KubeApiserverInfo, args: string[]): Promise<Outcome> {
  return new Promise(resolve => {
    execFile('kubectl', args, {env: {...process.env, KUBECONFIG: info.kubeconfig}, maxBuffer: 1 << 26}, (error, stdout, stderr) => {
      if (!error) return resolve({out: stdout})
      // kubectl's message is its last `error: ...`; the debugging dump around it (the whole object) is left aside.
      const at = stderr.startsWith('error: ') ? 0 : stderr.lastIndexOf('\nerror: ') + 1
      let message = stderr.slice(at).replace(/^error: /, '').replace(/\n$/, '')
      const dump = message.indexOf('. Printing more information for debugging the template:')
      if (dump >= 0) message = message.slice(0, dump)
      resolve({error: message})
    })
  })
}

function ours(run: () => string, errorType: typeof JsonPathError | typeof GoTemplateError, wrap: (m: string) => string): Outcome {
  try {
    return {out: run()}
  } catch (error) {
    if (!(error instanceof errorType)) throw error
    return {error: wrap(error.message)}
  }
}

describe.skipIf(!server)('jsonpath and go-template: hepctl against kubectl on the same objects', () => {
  let stored: unknown
  beforeAll(async () => {
    const created = await kubeRequest(server!, 'POST', `/apis/${GROUP}/hostendpoints`, OBJECT)
    if (created.status !== 201) throw new Error(`create failed: HTTP ${created.status} ${JSON.stringify(created.body)}`)
    stored = (await kubeRequest(server!, 'GET', `/apis/${GROUP}/hostendpoints/${NAME}`)).body
  })

  const cases: {format: 'jsonpath' | 'go-template'; template: string; allowMissing: boolean}[] = [
    ...JSONPATH.map(template => ({format: 'jsonpath' as const, template, allowMissing: true})),
    ...JSONPATH.filter(t => /nope|\[/.test(t)).map(template => ({format: 'jsonpath' as const, template, allowMissing: false})),
    ...GO_TEMPLATES.map(template => ({format: 'go-template' as const, template, allowMissing: true})),
    ...GO_TEMPLATES.filter(t => /nope/.test(t)).map(template => ({format: 'go-template' as const, template, allowMissing: false})),
  ]

  it(`prints what kubectl prints, and fails where it fails, for ${cases.length} templates`, async () => {
    const mismatches: string[] = []
    // A few kubectl processes at a time: each one starts, discovers and fetches on its own.
    const kubectlOutcomes = new Map<number, Promise<Outcome>>()
    let nextCase = 0
    const workers = Array.from({length: 4}, async () => {
      while (nextCase < cases.length) {
        const i = nextCase++
        const c = cases[i]
        const outcome = runKubectl(server!, ['get', `hostendpoints.${GROUP.split('/')[0]}`, NAME, '-o', `${c.format}=${c.template}`,
          `--allow-missing-template-keys=${c.allowMissing}`])
        kubectlOutcomes.set(i, outcome)
        await outcome
      }
    })
    await Promise.all(workers)
    for (const [i, c] of cases.entries()) {
      const theirs = await kubectlOutcomes.get(i)!
      let mine: Outcome
      if (c.format === 'jsonpath') {
        mine = ours(() => executeJsonPath(parseJsonPath(c.template), stored, {allowMissingKeys: c.allowMissing}), JsonPathError, m => m)
        // kubectl: "error parsing jsonpath T, MSG" or "error executing jsonpath "T": Error executing template: MSG"
        if (theirs.error) theirs.error = theirs.error.replace(/^error parsing jsonpath [\s\S]*?, /, '').replace(/^error executing jsonpath "[\s\S]*?": Error executing template: /, '')
      } else {
        mine = ours(() => executeGoTemplate(parseGoTemplate(c.template), stored, {allowMissingKeys: c.allowMissing}), GoTemplateError, m => m)
        if (theirs.error) theirs.error = theirs.error.replace(/^error parsing template [\s\S]*?, (template: )/, '$1').replace(/^error executing template "[\s\S]*?": /, '')
      }
      const where = `${c.format}=${JSON.stringify(c.template)}${c.allowMissing ? '' : ' --allow-missing-template-keys=false'}`
      if (theirs.error !== undefined && mine.error === undefined) mismatches.push(`${where}: kubectl fails (${theirs.error}), hepctl prints ${JSON.stringify(mine.out)}`)
      else if (theirs.error === undefined && mine.error !== undefined) mismatches.push(`${where}: kubectl prints ${JSON.stringify(theirs.out)}, hepctl fails (${mine.error})`)
      else if (theirs.error === undefined && theirs.out !== mine.out) mismatches.push(`${where}: kubectl ${JSON.stringify(theirs.out)}, hepctl ${JSON.stringify(mine.out)}`)
      else if (theirs.error !== undefined && theirs.error !== mine.error) mismatches.push(`${where}: kubectl says ${theirs.error}\n  hepctl says ${mine.error}`)
    }
    expect(mismatches).toEqual([])
  }, 600_000)
})
