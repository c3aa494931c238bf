// Shared builders for the validation tests.
import {validateObject, type ValidatedResource} from '../../src/validation/validate-resources.js'
import {formatPath} from '../../src/problem/path-text.js'

export type Json = Record<string, unknown>

/** A valid HostEndpoint with no warnings; `spec` and `metadata` entries replace the defaults (undefined removes). */
export function hep(spec: Json = {}, metadata: Json = {}, top: Json = {}): Json {
  const strip = (o: Json): Json => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))
  return strip({
    apiVersion: 'projectcalico.org/v3',
    kind: 'HostEndpoint',
    metadata: strip({name: 'node1-eth0', ...metadata}),
    spec: strip({node: 'node1', interfaceName: 'eth0', expectedIPs: ['10.0.0.1'], profiles: ['projectcalico-default-allow'], ...spec}),
    ...top,
  })
}

export function check(value: unknown, strict = false): ValidatedResource {
  return validateObject(value, {strict})
}

/** `code@path` of every problem (errors and warnings). */
export function codes(value: unknown, strict = false): string[] {
  return check(value, strict).problems.map(p => `${p.code}@${formatPath(p.path)}`)
}

/** `code@path` of the errors only. */
export function errors(value: unknown): string[] {
  return check(value).problems.filter(p => p.severity === 'error').map(p => `${p.code}@${formatPath(p.path)}`)
}
