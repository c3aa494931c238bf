/**
 * The Kubernetes name rules Calico applies (k8s.io/apimachinery/pkg/util/validation), as checks that return
 * the reasons a value fails, in hepctl's own words. An empty array means valid.
 */

/** A DNS-1123 label as a pattern to build on (Calico's `nameLabelFmt`). */
export const DNS1123_LABEL_FORMAT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
/** Calico's `nameSubdomainFmt`: DNS-1123 labels joined by dots. */
export const DNS1123_SUBDOMAIN_FORMAT = `${DNS1123_LABEL_FORMAT}(\\.${DNS1123_LABEL_FORMAT})*`
/** Calico's `nameRegex`: a DNS-1123 subdomain (lower-case labels joined by dots). */
export const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_SUBDOMAIN_FORMAT}$`)
export const DNS1123_SUBDOMAIN_MAX = 253
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/
const QUALIFIED_NAME_MAX = 63
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/
const LABEL_VALUE_MAX = 63
const PORT_NAME_CHARS = /^[-a-z0-9]+$/
const HAS_LETTER = /[a-z]/
const PORT_NAME_MAX = 15

export const DNS1123_RULE =
  "lower-case letters, digits, '-' and '.', starting and ending with a letter or digit (a DNS-1123 subdomain)"

/** Byte length as Go's len() counts it (UTF-8). */
export function byteLength(s: string): number {
  // Pure-ASCII strings are the common case; avoid the encoder for them.
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) return Buffer.byteLength(s, 'utf8')
  }
  return s.length
}

const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/

/** Fast path: true when `key` is a qualified name; lengths checked without splitting. */
export function isQualifiedName(key: string): boolean {
  if (!QUALIFIED_NAME.test(key)) return false
  const slash = key.indexOf('/')
  return slash < 0 ? key.length <= QUALIFIED_NAME_MAX : slash <= DNS1123_SUBDOMAIN_MAX && key.length - slash - 1 <= QUALIFIED_NAME_MAX
}

/** Fast path: true when `value` is a valid label value. */
export function isLabelValue(value: string): boolean {
  return value.length <= LABEL_VALUE_MAX && LABEL_VALUE.test(value)
}

/** The reasons `key` is not a Kubernetes qualified name (`[prefix/]name`); used for label and annotation keys. */
export function qualifiedNameReasons(key: string): string[] {
  const reasons: string[] = []
  const parts = key.split('/')
  let name: string
  if (parts.length === 1) {
    name = parts[0]
  } else if (parts.length === 2) {
    const prefix = parts[0]
    name = parts[1]
    if (prefix.length === 0) {
      reasons.push('the prefix before "/" must not be empty')
    } else {
      if (prefix.length > DNS1123_SUBDOMAIN_MAX) reasons.push(`the prefix must be at most ${DNS1123_SUBDOMAIN_MAX} characters (it has ${prefix.length})`)
      if (!DNS1123_SUBDOMAIN.test(prefix)) reasons.push(`the prefix must be ${DNS1123_RULE}`)
    }
  } else {
    return ['a key may contain at most one "/" (an optional DNS-1123 prefix, then a name)']
  }
  if (name.length === 0) {
    reasons.push('the name part must not be empty')
  } else {
    if (name.length > QUALIFIED_NAME_MAX) reasons.push(`the name part must be at most ${QUALIFIED_NAME_MAX} characters (it has ${name.length})`)
    if (!QUALIFIED_NAME_PART.test(name)) {
      reasons.push("the name part must consist of letters, digits, '-', '_' or '.', and start and end with a letter or digit")
    }
  }
  return reasons
}

/** The reasons `value` is not a valid label value (empty, or at most 63 name characters). */
export function labelValueReasons(value: string): string[] {
  const reasons: string[] = []
  if (value.length > LABEL_VALUE_MAX) reasons.push(`a label value must be at most ${LABEL_VALUE_MAX} characters (it has ${value.length})`)
  if (!LABEL_VALUE.test(value)) {
    reasons.push("a label value must be empty or consist of letters, digits, '-', '_' or '.', and start and end with a letter or digit")
  }
  return reasons
}

/** The reasons `name` is not a Kubernetes port name (IsValidPortName). */
export function portNameReasons(name: string): string[] {
  const reasons: string[] = []
  if (name.length === 0) return ['a port name must not be empty']
  if (name.length > PORT_NAME_MAX) reasons.push(`a port name must be at most ${PORT_NAME_MAX} characters (it has ${name.length})`)
  if (!PORT_NAME_CHARS.test(name)) reasons.push("a port name may contain only lower-case letters, digits and '-'")
  if (!HAS_LETTER.test(name)) reasons.push('a port name must contain at least one letter')
  if (name.includes('--')) reasons.push("a port name must not contain '--'")
  if (name.startsWith('-') || name.endsWith('-')) reasons.push("a port name must not start or end with '-'")
  return reasons
}

/** Fast path used before computing reasons: true when `name` is a valid port name. */
export function isPortName(name: string): boolean {
  return name.length > 0 && name.length <= PORT_NAME_MAX && PORT_NAME_CHARS.test(name) && HAS_LETTER.test(name) &&
    !name.includes('--') && name.charCodeAt(0) !== 45 && name.charCodeAt(name.length - 1) !== 45
}
