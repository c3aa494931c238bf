/** An endpoint written with a scheme (`https://...`); without one, hepctl's clients read it as a host. */
const WITH_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i

/**
 * A server URL or endpoint as it may be shown: any user name and password written into it removed, with or
 * without a scheme (`user:pw@host:2379` is a host with credentials, as the etcd client reads it).
 */
export function endpointText(server: string): string {
  const hasScheme = WITH_SCHEME.test(server)
  try {
    const url = new URL(hasScheme ? server : `http://${server}`)
    if (!url.username && !url.password) return withoutUserinfo(server)
    url.username = ''
    url.password = ''
    const text = url.toString().replace(/\/$/, '')
    return hasScheme ? text : text.slice('http://'.length)
  } catch {
    return withoutUserinfo(server)
  }
}

/**
 * Text that may not be what the URL parser read (`ht!tp://[::1:user-pass@x` parses as a host `ht!tp`) with
 * anything that may be userinfo removed: whatever precedes the last `@` of the part before the first `/`
 * that follows the `://`, if any.
 */
function withoutUserinfo(text: string): string {
  const separator = text.indexOf('://')
  const authorityStart = separator < 0 ? 0 : separator + 3
  const slash = text.indexOf('/', authorityStart)
  const authority = text.slice(authorityStart, slash < 0 ? text.length : slash)
  const at = authority.lastIndexOf('@')
  if (at < 0) return text
  return `${text.slice(0, authorityStart)}${authority.slice(at + 1)}${slash < 0 ? '' : text.slice(slash)}`
}
