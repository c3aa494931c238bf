import {describe, expect, it} from 'vitest'
import {parseGoIP} from '../../src/validation/ip-address.js'

// Go's net.ParseIP (netip.ParseAddr without zones) accepts exactly these.
describe('parseGoIP', () => {
  const valid = ['1.2.3.4', '0.0.0.0', '255.255.255.255', 'aabb:aabb::ffff', '::', '::1', 'fe80::1', '::ffff:1.2.3.4',
    '::1.2.3.4', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:1.2.3.4', 'FD00::ABCD', '1::', '0:0:0:0:0:0:0:0']
  const invalid = ['', '10.0.0.1/24', 'fe80::1/64', 'fe80::1%eth0', '%eth0', '01.2.3.4', '1.02.3.4', '256.1.1.1', '1.2.3',
    '1.2.3.4.5', '1..2.3', '.1.2.3', '1.2.3.', ' 1.2.3.4', '1.2.3.4 ', 'a.b.c.d', '1:2:3:4:5:6:7:8:9', '1:2:3:4::5:6:7:8',
    '1::2::3', ':1::', '1::2:', '12345::', 'g::1', '1:2:3:4:5:6:7', '::ffff:01.2.3.4', '1:2:3:4:5:6:7:1.2.3.4', 'localhost', '0x1.2.3.4']
  for (const ip of valid) it(`accepts ${JSON.stringify(ip)}`, () => expect(parseGoIP(ip).ok).toBe(true))
  for (const ip of invalid) it(`refuses ${JSON.stringify(ip)}`, () => expect(parseGoIP(ip).ok).toBe(false))

  it('gives one key to every spelling of an address', () => {
    const key = (s: string) => {
      const r = parseGoIP(s, true)
      return r.ok ? r.key : 'invalid'
    }
    expect(key('1.2.3.4')).toBe(key('::ffff:1.2.3.4'))
    expect(key('::ffff:102:304')).toBe(key('1.2.3.4'))
    expect(key('fd00::1')).toBe(key('FD00:0:0::0001'))
    expect(key('fd00::1')).not.toBe(key('fd00::2'))
    expect(key('::1.2.3.4')).not.toBe(key('1.2.3.4'))
  })
  it('says why an address is refused', () => {
    const reason = (s: string) => {
      const r = parseGoIP(s)
      return r.ok ? '' : r.reason
    }
    expect(reason('01.2.3.4')).toMatch(/leading zero/)
    expect(reason('fe80::1%eth0')).toMatch(/zone/)
    expect(reason('10.0.0.1/24')).toMatch(/prefix length/)
    expect(reason('256.1.1.1')).toMatch(/greater than 255/)
  })
})
