import {readFileSync} from 'node:fs'

import Ajv from 'ajv'
import {describe, expect, it} from 'vitest'

import type {Packet} from '../../src/policy/engine.js'
import {allowTcp, ETH0, felix, gnp, hep, run} from './helpers.js'

const schema = JSON.parse(readFileSync(new URL('../../schemas/trace-result.schema.json', import.meta.url), 'utf8'))
const validate = new Ajv({allErrors: true}).compile(schema)

describe('schemas/trace-result.schema.json matches what the engine returns', () => {
  const cases: [string, Parameters<typeof run>[0], Partial<Packet>][] = [
    ['policy allow', [ETH0, gnp('web', {selector: 'all()', ingress: [allowTcp(8080)]})], {}],
    ['failsafe', [ETH0], {dstPort: 22}],
    ['forward', [ETH0], {direction: 'forward-in', dst: '10.9.9.9'}],
    ['workload to host', [hep('eth0-hep', {interfaceName: '*'}), felix('default', {defaultEndpointToHostAction: 'Accept'})], {direction: 'workload-to-host'}],
    ['not policed', [ETH0], {hep: undefined, node: 'n1', interface: 'eth5'}],
    ['untracked reply', [ETH0], {untrackedReply: true}],
  ]
  it.each(cases)('%s', (_name, resources, packet) => {
    const result = JSON.parse(JSON.stringify(run(resources, packet)))
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true)
  })
  it('refuses an unknown decidedBy', () => {
    const result = JSON.parse(JSON.stringify(run([ETH0], {})))
    result.decidedBy = 'magic'
    expect(validate(result)).toBe(false)
  })
})
