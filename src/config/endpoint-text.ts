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
    if (!url.username && !url.password) return server
    url.username = ''
    url.password = ''
    const text = url.toString().replace(/\/$/, '')
    return hasScheme ? text : text.slice('http://'.length)
  } catch {
    // Not a URL: show it only if it cannot hold credentials.
    return server.includes('@') ? '(an endpoint that is not a valid URL)' : server
  }
}
