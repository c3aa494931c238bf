/**
 * IP addresses and CIDRs as the policy engine compares them: a bare address is a /32 or /128.
 */
import {createRequire} from 'node:module'

// node:net is loaded when an address is first read: loading it costs a process a few per cent of Node's own
// start-up, and most runs (a label, a create) read none.
const require = createRequire(import.meta.url)
let net: typeof import('node:net') | undefined

export interface Address {
  readonly family: 4 | 6
  readonly value: bigint
}

export interface Cidr {
  readonly family: 4 | 6
  readonly base: bigint
  readonly bits: number
}

const MAX_REMEMBERED = 100_000

/**
 * `read`, with its answers remembered (up to a bound): the same addresses come back again and again (an
 * endpoint's expectedIPs in every packet traced to it, a rule's nets in every match).
 */
function remembered<T>(read: (text: string) => T | undefined): (text: string) => T | undefined {
  const answers = new Map<string, T | undefined>()
  return (text) => {
    let a = answers.get(text)
    if (a === undefined && !answers.has(text)) {
      a = read(text)
      if (answers.size >= MAX_REMEMBERED) answers.clear()
      answers.set(text, a)
    }
    return a
  }
}

/** Parses an IPv4 or IPv6 address (an IPv4-mapped IPv6 address counts as IPv4); undefined when not one. */
export const parseAddress: (text: string) => Address | undefined = remembered(readAddress)

function readAddress(text: string): Address | undefined {
  net ??= require('node:net') as typeof import('node:net')
  if (net.isIPv4(text)) {
    let v = 0
    for (const part of text.split('.')) v = v * 256 + Number(part)
    return {family: 4, value: BigInt(v)}
  }
  if (!net.isIPv6(text) || text.includes('%')) return undefined
  let head = text
  let tail4: bigint | undefined
  const lastColon = text.lastIndexOf(':')
  if (text.slice(lastColon + 1).includes('.')) {
    tail4 = readAddress(text.slice(lastColon + 1))?.value
    head = text.slice(0, lastColon + 1) + '0:0'
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined]
  const l = left ? left.split(':') : []
  const r = right ? right.split(':') : []
  const groups = right === undefined ? l : [...l, ...Array(8 - l.length - r.length).fill('0'), ...r]
  let v = 0n
  for (const g of groups) v = (v << 16n) | BigInt(parseInt(g, 16))
  if (tail4 !== undefined) v = (v & ~0xffffffffn) | tail4
  if (v >> 32n === 0xffffn) return {family: 4, value: v & 0xffffffffn}
  return {family: 6, value: v}
}

/** Parses "a.b.c.d/n", "x::/n" or a bare address; undefined when not one. */
export const parseCidr: (text: string) => Cidr | undefined = remembered(readCidr)

function readCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/')
  const addr = parseAddress(slash < 0 ? text : text.slice(0, slash))
  if (!addr) return undefined
  const max = addr.family === 4 ? 32 : 128
  let bits = max
  if (slash >= 0) {
    const b = text.slice(slash + 1)
    if (!/^\d{1,3}$/.test(b)) return undefined
    bits = Number(b)
    if (bits > max) return undefined
  }
  const mask = bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) << BigInt(max - bits)
  return {family: addr.family, base: addr.value & mask, bits}
}

export function cidrContains(cidr: Cidr, addr: Address): boolean {
  if (cidr.family !== addr.family) return false
  const max = cidr.family === 4 ? 32 : 128
  const shift = BigInt(max - cidr.bits)
  return addr.value >> shift === cidr.base >> shift
}

/** True when the address text is inside one of the CIDR texts (unparsable entries never match). */
export function inAnyNet(addr: Address, nets: readonly string[]): boolean {
  for (const n of nets) {
    const c = parseCidr(n)
    if (c && cidrContains(c, addr)) return true
  }
  return false
}

export function sameAddress(a: Address, b: Address): boolean {
  return a.family === b.family && a.value === b.value
}
