import {describe, expect, it} from 'vitest'

import {hepctl} from '../support/cli.js'

const HEADER = `GROUP:      projectcalico.org
KIND:       HostEndpoint
VERSION:    v3
`

describe('hepctl explain', () => {
  it('explains an array of objects: its type, both descriptions, its fields with required markers and enums', async () => {
    const result = await hepctl(['explain', 'hostendpoint.spec.ports'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(result.stdout).toBe(`${HEADER}
FIELD: ports <[]EndpointPort>

DESCRIPTION:
    Named ports that policy rules can refer to. Names need not be unique.
    A named port.

FIELDS:
  name\t<string> -required-
    Port name, as Kubernetes port names: 1 to 15 lower-case letters, digits and
    '-', at least one letter, no leading, trailing or double '-'.

  port\t<integer> -required-
    Port number, 1 to 65535.

  protocol\t<IntOrString> -required-
  enum: TCP, UDP, SCTP, 6, 17, 132
    A protocol that has ports: TCP, UDP or SCTP (case-sensitive), or its number
    6, 17 or 132.
`)
  })

  it('explains a leaf field with its ENUM, and a map', async () => {
    const protocol = await hepctl(['explain', 'hep.spec.ports.protocol'])
    expect(protocol.stdout).toBe(`${HEADER}
FIELD: protocol <IntOrString>
ENUM:
    TCP
    UDP
    SCTP
    6
    17
    132

DESCRIPTION:
    A protocol that has ports: TCP, UDP or SCTP (case-sensitive), or its number
    6, 17 or 132.
`)
    const labels = await hepctl(['explain', 'HostEndpoints.metadata.labels'])
    expect(labels.stdout.split('\n').slice(4, 6)).toEqual(['FIELD: labels <map[string]string>', ''])
  })

  it('explains the kind, and lists every field below a path with --recursive', async () => {
    const top = await hepctl(['explain', 'hep'])
    expect(top.stdout).toContain(`${HEADER}
DESCRIPTION:
    One or more real or virtual interfaces attached to a host running Calico.
    Cluster-scoped.

FIELDS:
  apiVersion\t<string> -required-
    Always projectcalico.org/v3.
`)
    const spec = await hepctl(['explain', 'hep.spec', '--recursive'])
    expect(spec.stdout).toBe(`${HEADER}
FIELD: spec <HostEndpointSpec>

DESCRIPTION:
    Which host and interfaces the endpoint covers, and what applies to it. node
    is required, and at least one of interfaceName and expectedIPs.

FIELDS:
  expectedIPs\t<[]string>
  interfaceName\t<string>
  node\t<string> -required-
  ports\t<[]EndpointPort>
    name\t<string> -required-
    port\t<integer> -required-
    protocol\t<IntOrString> -required-
    enum: TCP, UDP, SCTP, 6, 17, 132
  profiles\t<[]string>
`)
  })

  it('refuses an unknown field, naming where it looked, and an unknown kind', async () => {
    const field = await hepctl(['explain', 'hostendpoint.spec.prots'])
    expect(field.code).toBe(2)
    expect(field.stdout).toBe('')
    expect(field.stderr).toContain('field "prots" does not exist in hostendpoint.spec')
    expect(field.stderr).not.toMatch(/\n\s+at /)
    const inherited = await hepctl(['explain', 'hep.spec.constructor'])
    expect(inherited.code).toBe(2)
    const kind = await hepctl(['explain', 'pod.spec'])
    expect(kind.code).toBe(2)
    expect(kind.stderr).toContain("resource type 'pod' is not supported")
  })
})
