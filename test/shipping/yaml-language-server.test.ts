// Editors: the real yaml-language-server (the engine of the Red Hat YAML extension for VS Code and of many
// other editors' YAML support), started over stdio, checks a HostEndpoint manifest against hepctl's schema,
// named by the `# yaml-language-server: $schema=...` modeline the README shows.
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {hepYaml, repoRoot} from '../support/cli.js'
import {type Diagnostic, LspClient} from './lsp-client.js'

const require = createRequire(import.meta.url)
const server = join(require.resolve('yaml-language-server/package.json'), '..', 'bin', 'yaml-language-server')
const schemaPath = join(repoRoot, 'schemas', 'hostendpoint.schema.json')
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'))
// Relative to the manifest (examples/), as a modeline in a repository names it.
const modeline = "# yaml-language-server: $schema=../schemas/hostendpoint.schema.json\n"

let client: LspClient
beforeAll(async () => {
  client = new LspClient(process.execPath, [server, '--stdio'])
  const init = await client.request('initialize', {processId: process.pid, rootUri: null, capabilities: {}})
  expect(init.error, client.stderr).toBeUndefined()
  client.notify('initialized', {})
  client.notify('workspace/didChangeConfiguration', {settings: {yaml: {validate: true, schemaStore: {enable: false}}}})
})
afterAll(async () => {
  await client?.close()
})

let version = 0
function open(name: string, text: string): Promise<Diagnostic[]> {
  const uri = pathToFileURL(join(repoRoot, 'examples', name)).href
  const diagnostics = client.nextDiagnostics(uri)
  client.notify('textDocument/didOpen', {textDocument: {uri, languageId: 'yaml', version: ++version, text}})
  return diagnostics
}

describe('yaml-language-server with hepctl\'s schema', () => {
  it('reports a port out of range on the value, from hepctl\'s schema', async () => {
    const text = modeline + hepYaml('web-1') + '  ports:\n  - name: ssh\n    port: 99999\n    protocol: TCP\n'
    const diagnostics = await open('lsp-invalid.yaml', text)
    expect(diagnostics).toHaveLength(1)
    const [d] = diagnostics
    const line = text.split('\n').findIndex(l => l.includes('99999'))
    expect(d.range.start).toEqual({line, character: text.split('\n')[line].indexOf('99999')})
    expect(d.range.end).toEqual({line, character: text.split('\n')[line].indexOf('99999') + 5})
    // The rule and the name the server gives as the source are those of hepctl's EndpointPort.port.
    const port = schema.definitions.EndpointPort.properties.port
    expect(d.message).toBe(`Value is above the maximum of ${port.maximum}.`)
    expect(d.source).toBe(`yaml-schema: ${port.title}`)
  }, 60_000)

  it('reports an unknown field of spec under its name', async () => {
    const text = modeline + hepYaml('web-2').replace('interfaceName:', 'interfaceNmae:')
    const diagnostics = await open('lsp-unknown.yaml', text)
    const line = text.split('\n').findIndex(l => l.includes('interfaceNmae'))
    expect(diagnostics.map(d => [d.range.start.line, d.message])).toContainEqual([line, expect.stringMatching(/interfaceNmae.*not allowed|not allowed.*interfaceNmae/i)])
  }, 60_000)

  it('checks nothing without the modeline or a setting that names the schema', async () => {
    const text = hepYaml('web-4') + '  ports:\n  - name: ssh\n    port: 99999\n    protocol: TCP\n'
    expect(await open('lsp-no-schema.yaml', text)).toEqual([])
  }, 60_000)

  it('reports nothing for a valid manifest', async () => {
    expect(await open('lsp-valid.yaml', modeline + hepYaml('web-3'))).toEqual([])
  }, 60_000)
})
