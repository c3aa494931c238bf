/** A server URL as it may be shown: any user name and password written into it removed. */
export function endpointText(server: string): string {
  try {
    const url = new URL(server)
    if (!url.username && !url.password) return server
    url.username = ''
    url.password = ''
    return url.toString().replace(/\/$/, '')
  } catch {
    // Not a URL: show it only if it cannot hold credentials.
    return server.includes('@') ? '(an endpoint that is not a valid URL)' : server
  }
}
