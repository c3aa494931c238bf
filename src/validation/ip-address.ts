/**
 * IP addresses read exactly as Go's `net.ParseIP` reads them (which uses `netip.ParseAddr` and refuses zones):
 * dotted-quad IPv4 without leading zeros, or IPv6 with at most one `::` and an optional trailing IPv4 part.
 * No prefix length, no zone.
 */

export type ParsedIP = {ok: true; key: string} | {ok: false; reason: string}

const fail = (reason: string): ParsedIP => ({ok: false, reason})
/** Scratch space for the 16 bytes of an address (parsing is synchronous, so one buffer serves every call). */
const bytes = new Uint8Array(16)
/** The answer for a valid address when no key was asked for. */
const OK: ParsedIP = {ok: true, key: ''}

/** The key of the address in `bytes`: the dotted quad for IPv4 and IPv4-mapped IPv6, else 16 hex bytes. */
function keyOfBytes(): string {
  let mapped = bytes[10] === 0xff && bytes[11] === 0xff
  for (let i = 0; mapped && i < 10; i++) mapped = bytes[i] === 0
  if (mapped) return `${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`
  let key = ''
  for (let i = 0; i < 16; i++) key += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16)
  return key
}

/** Parses dotted-quad `s[from, to)` into `out[at..at+3]`; returns a reason on failure. */
function parseIPv4Fields(s: string, from: number, to: number, out: Uint8Array, at: number): string | undefined {
  let value = 0
  let digits = 0
  let field = 0
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      if (digits === 1 && value === 0) return 'an IPv4 octet has a leading zero'
      value = value * 10 + (c - 48)
      digits++
      if (value > 255) return 'an IPv4 octet is greater than 255'
    } else if (c === 46) {
      if (i === from || i === to - 1 || s.charCodeAt(i - 1) === 46) return 'an IPv4 octet is empty'
      if (field === 3) return 'an IPv4 address has four octets, this has more'
      out[at + field] = value
      field++
      value = 0
      digits = 0
    } else {
      return `unexpected character "${s[i]}"`
    }
  }
  if (field < 3) return 'an IPv4 address has four octets, this has fewer'
  out[at + 3] = value
  return undefined
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48
  if (c >= 97 && c <= 102) return c - 87
  if (c >= 65 && c <= 70) return c - 55
  return -1
}

function parseIPv6(s: string, withKey: boolean): ParsedIP {
  if (s.includes('%')) return fail('a zone (the "%" suffix) is not allowed')
  const ip = bytes
  ip.fill(0)
  let ellipsis = -1
  let pos = 0
  if (s.length >= 2 && s.charCodeAt(0) === 58 && s.charCodeAt(1) === 58) {
    ellipsis = 0
    pos = 2
    if (s.length === 2) return withKey ? {ok: true, key: keyOfBytes()} : OK
  }
  let i = 0
  while (i < 16) {
    let off = 0
    let acc = 0
    for (; pos + off < s.length; off++) {
      const h = hexValue(s.charCodeAt(pos + off))
      if (h < 0) break
      acc = acc * 16 + h
      if (off > 3) return fail('an IPv6 group has more than 4 hex digits')
    }
    if (off === 0) return fail('an IPv6 group is empty')
    if (pos + off < s.length && s.charCodeAt(pos + off) === 46) {
      if (ellipsis < 0 && i !== 12) return fail('an embedded IPv4 address must replace the last two IPv6 groups')
      if (i + 4 > 16) return fail('too many IPv6 groups before the embedded IPv4 address')
      const reason = parseIPv4Fields(s, pos, s.length, ip, i)
      if (reason) return fail(reason)
      pos = s.length
      i += 4
      break
    }
    ip[i] = acc >> 8
    ip[i + 1] = acc & 0xff
    i += 2
    pos += off
    if (pos === s.length) break
    if (s.charCodeAt(pos) !== 58) return fail(`unexpected character "${s[pos]}"`)
    if (pos === s.length - 1) return fail('the address ends with a single ":"')
    pos++
    if (s.charCodeAt(pos) === 58) {
      if (ellipsis >= 0) return fail('"::" may appear only once')
      ellipsis = i
      pos++
      if (pos === s.length) break
    }
  }
  if (pos !== s.length) return fail('an IPv6 address has eight groups, this has more')
  if (i < 16) {
    if (ellipsis < 0) return fail('an IPv6 address has eight groups, this has fewer')
    const n = 16 - i
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j]
    for (let j = ellipsis; j < ellipsis + n; j++) ip[j] = 0
  } else if (ellipsis >= 0) {
    return fail('"::" must stand for at least one group of zeros')
  }
  return withKey ? {ok: true, key: keyOfBytes()} : OK
}

/**
 * Parses `s` as Go's net.ParseIP does. With `withKey`, `key` identifies the address on success (an IPv4
 * address and its IPv4-mapped IPv6 form share a key, as they are equal in Go), so two spellings of one address
 * can be found as duplicates; without it `key` is empty.
 */
export function parseGoIP(s: string, withKey = false): ParsedIP {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 46) {
      if (s.includes('/')) return fail('a prefix length ("/") is not allowed; give a plain address')
      const reason = parseIPv4Fields(s, 0, s.length, bytes, 12)
      if (reason) return fail(reason)
      // A valid dotted quad has no leading zeros, so its text is already the canonical key.
      return withKey ? {ok: true, key: s} : OK
    }
    if (c === 58) {
      if (s.includes('/')) return fail('a prefix length ("/") is not allowed; give a plain address')
      return parseIPv6(s, withKey)
    }
    if (c === 37) return fail('a zone (the "%" suffix) is not allowed')
  }
  return fail(s.length === 0 ? 'the address is empty' : 'it is neither an IPv4 nor an IPv6 address')
}
