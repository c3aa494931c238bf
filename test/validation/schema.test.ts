import {execFileSync} from 'node:child_process'
import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {createRequire} from 'node:module'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {normalize} from '../../src/validation/normalize.js'
import {loadPrecompiledValidator, resourceShape, runtimeValidator} from '../../src/schema/schema-check.js'
import {precompiledFile, RULE_CHECKED_KEYWORDS, readSchema, structuralSchema} from '../../src/schema/schema-compile.js'
import {pointerToPath} from '../../src/validation/json-pointer.js'
import {validateObject} from '../../src/validation/validate-resources.js'
import {hep, type Json} from './helpers.js'
import {formatPath} from '../../src/problem/path-text.js'

const require = createRequire(import.meta.url)
const Ajv = (require('ajv') as {default: new (o: object) => {compile(s: object): ((v: unknown) => boolean) & {errors?: unknown}; validateSchema(s: object): boolean; errors?: unknown}}).default
const root = fileURLToPath(new URL('../../', import.meta.url))
// A private build, so this test never rewrites dist/ while other tests run the built CLI. It sits under
// node_modules/.cache so that the built modules still resolve ajv from the project.
const buildRoot = join(root, 'node_modules', '.cache', `hepctl-validation-test-${process.pid}`)
const distDir = pathToFileURL(join(buildRoot, 'dist', 'schema') + '/')
const validationDistDir = pathToFileURL(join(buildRoot, 'dist', 'validation') + '/')

/** Invalid resources: together they break every rule-checked keyword of the schema. */
const invalid: Json[] = [
  hep({node: 'Bad Node', interfaceName: 'eth0/1', profiles: ['Bad', 'Bad'], expectedIPs: ['10.0.0.1', '10.0.0.1'],
    ports: [{name: 'BAD', protocol: 'tcp', port: 0}, {name: 'a'.repeat(16), protocol: 256, port: 70000}, {name: '', protocol: 'TCP', port: 1}]},
  {name: 'Bad_Name', namespace: 'default', labels: {'Bad/key': 'bad value', ok: 'x'.repeat(64)}, annotations: {'bad key': 'v'},
    creationTimestamp: 'now', deletionTimestamp: '2020-01-01', managedFields: [{time: 'then'}]}),
  hep({node: 'n'.repeat(254), interfaceName: 'x'.repeat(16), profiles: ['']}, {name: 'a'.repeat(254)}),
  hep({node: '', interfaceName: '', expectedIPs: []}, {name: ''}),
  hep({ports: [{name: 'x', protocol: 'ICMP', port: 1}, {name: 'y', protocol: 1, port: 1}, {name: 'z', protocol: true, port: -1}]}),
  hep({}, {}, {status: {}, apiVersion: 'v1', kind: 'Pod'}),
  hep({expectedIPs: 'x', profiles: [1.5, null], ports: [null, {name: 1, protocol: [], port: 'x', extra: 1}]}, {labels: [], generation: 'x', ownerReferences: [{}]}),
]
const valid: Json[] = [
  hep(),
  hep({interfaceName: '*', expectedIPs: undefined, profiles: undefined, ports: [{name: 'http', protocol: 'TCP', port: 80}, {name: 'dns', protocol: 17, port: 53}]}),
  hep({}, {labels: {'example.com/tier': 'web', a: ''}, annotations: {'Example.com/Note': 'x'}, uid: 'u', creationTimestamp: '2006-01-02T15:04:05Z'}),
]

describe('the schema file', () => {
  const schema = readSchema()
  it('is a valid draft-07 JSON Schema that ajv compiles in strict mode', () => {
    const ajv = new Ajv({strict: true, allErrors: true, allowUnionTypes: true})
    expect(ajv.validateSchema(schema)).toBe(true)
    const validate = ajv.compile(schema)
    expect(validate(valid[0])).toBe(true)
    expect(validate({apiVersion: 'projectcalico.org/v3', kind: 'HostEndpointList', metadata: {resourceVersion: '5'}, items: valid})).toBe(true)
    expect(validate({apiVersion: 'projectcalico.org/v3', kind: 'HostEndpointList', items: [invalid[0]]})).toBe(false)
    expect(validate({apiVersion: 'projectcalico.org/v3', kind: 'Pod'})).toBe(false)
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#')
  })
  it('gives every field a title or description', () => {
    const missing: string[] = []
    const visit = (node: Json, path: string): void => {
      for (const [name, sub] of Object.entries((node.properties ?? {}) as Record<string, Json>)) {
        if (!sub.$ref && !sub.title && !sub.description) missing.push(`${path}.${name}`)
      }
    }
    for (const [name, definition] of Object.entries(schema.definitions as Record<string, Json>)) {
      if (!definition.description) missing.push(name)
      visit(definition, name)
    }
    expect(missing).toEqual([])
  })
  it('forbids unknown fields in every object', () => {
    for (const [name, definition] of Object.entries(schema.definitions as Record<string, Json>)) {
      if (definition.properties) expect(definition.additionalProperties, name).toBe(false)
    }
  })
})

describe('keywords checked by the Calico rules', () => {
  const schema = readSchema()
  it('are left out of the compiled validator only', () => {
    const text = JSON.stringify(structuralSchema(schema))
    for (const keyword of RULE_CHECKED_KEYWORDS) expect(text).not.toContain(`"${keyword}"`)
    expect(JSON.stringify(schema)).toContain('"pattern"')
  })
  it('are all covered: every error of the full schema is reported by validation at that place', () => {
    // The full schema, with each error pointing at the schema object it comes from.
    const ajv = new Ajv({strict: true, allErrors: true, allowUnionTypes: true, verbose: true}) as unknown as {
      addSchema(s: object, key: string): void
      getSchema(ref: string): ((v: unknown) => boolean) & {errors?: Array<{instancePath: string; keyword: string; propertyName?: string; parentSchema: object}>}
    }
    ajv.addSchema(schema, 'full')
    const validate = ajv.getSchema('full#/definitions/HostEndpoint')
    const hit = new Set<string>()
    const ids = new Map<object, number>()
    const idOf = (o: object) => ids.get(o) ?? (ids.set(o, ids.size), ids.size - 1)
    for (const value of invalid) {
      const {value: normalized} = normalize(value, resourceShape(), [])
      expect(validate(normalized)).toBe(false)
      const problems = validateObject(value).problems.map(p => formatPath(p.path))
      for (const error of validate.errors ?? []) {
        const path = pointerToPath(error.instancePath, normalized)
        if (error.propertyName !== undefined) path.push(error.propertyName)
        const at = formatPath(path)
        expect(problems.some(p => p === at || p.startsWith(at + '.') || p.startsWith(at + '[') || (at === '' && p !== '')),
          `${error.keyword} at ${at}`).toBe(true)
        hit.add(`${idOf(error.parentSchema)}/${error.keyword}`)
      }
    }
    // Every place the schema uses such a keyword is exercised by the cases above.
    const unexercised: string[] = []
    const visit = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return
      for (const [key, sub] of Object.entries(node)) {
        const isKeyword = RULE_CHECKED_KEYWORDS.includes(key) && !path.endsWith('/properties') && !path.endsWith('/definitions')
        if (isKeyword && !hit.has(`${idOf(node)}/${key}`)) unexercised.push(`${path}/${key}`)
        visit(sub, `${path}/${key}`)
      }
    }
    visit(schema.definitions, '/definitions')
    expect(unexercised).toEqual([])
  })
})

describe('the precompiled validator', () => {
  beforeAll(() => {
    // Build this folder (and what it imports) and the standalone module, as `npm run build` does.
    rmSync(buildRoot, {recursive: true, force: true})
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--outDir', join(buildRoot, 'dist'), '--rootDir', 'src', '--module', 'node16',
      '--moduleResolution', 'node16', '--target', 'es2022', '--strict', '--skipLibCheck', '--resolveJsonModule', 'src/validation/validate-resources.ts'], {cwd: root, stdio: 'pipe'})
    mkdirSync(join(buildRoot, 'schemas'))
    for (const file of readdirSync(join(root, 'schemas'))) copyFileSync(join(root, 'schemas', file), join(buildRoot, 'schemas', file))
    execFileSync(process.execPath, ['scripts/compile-schema.mjs', join(buildRoot, 'dist')], {cwd: root, stdio: 'pipe'})
  }, 120_000)
  afterAll(() => rmSync(buildRoot, {recursive: true, force: true}))

  it('exists after the build and agrees with the schema compiled at run time', () => {
    expect(existsSync(new URL(precompiledFile(), distDir))).toBe(true)
    const precompiled = loadPrecompiledValidator(distDir)
    expect(precompiled).toBeDefined()
    const runtime = runtimeValidator()
    for (const value of [...valid, ...invalid]) {
      const {value: normalized} = normalize(value, resourceShape(), [])
      expect(precompiled!(normalized)).toEqual(runtime(normalized))
    }
    expect(precompiled!(valid[0])).toBeNull()
    expect(precompiled!(invalid[5])?.length).toBeGreaterThan(0)
  })

  it('is absent from the sources, where validation compiles the schema instead', () => {
    expect(loadPrecompiledValidator(new URL('../../src/schema/', import.meta.url))).toBeUndefined()
  })

  it('keeps ajv out of a built validation run', () => {
    const script = `
      import {createRequire} from 'node:module'
      const {validateObject} = await import(${JSON.stringify(new URL('validate-resources.js', validationDistDir).href)})
      const r = validateObject({apiVersion: 'projectcalico.org/v3', kind: 'HostEndpoint', metadata: {name: 'a'}, spec: {node: 'n', interfaceName: 'eth 0'}})
      const loaded = Object.keys(createRequire(import.meta.url).cache)
      console.log(JSON.stringify({codes: r.problems.map(p => p.code), ajv: loaded.filter(f => f.includes('/node_modules/ajv/')).length, precompiled: loaded.some(f => f.endsWith(${JSON.stringify(precompiledFile())})), validators: loaded.filter(f => f.endsWith('.validator.cjs')).length}))`
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], {cwd: root, encoding: 'utf8'}))
    expect(out).toEqual({codes: ['invalid-interface-name', 'no-allow-profile', 'no-expected-ips'], ajv: 0, precompiled: true, validators: 1})
  })

  it('the generated module names its source', () => {
    expect(readFileSync(new URL(precompiledFile(), distDir), 'utf8')).toMatch(/^\/\/ Generated by scripts\/compile-schema\.mjs/)
  })
})
