import {describe, expect, it} from 'vitest'

import {endpointText} from '../../src/config/endpoint-text.js'

describe('endpointText', () => {
  it('removes credentials from a URL and leaves other endpoints as written', () => {
    expect(endpointText('http://admin:s3cret@10.0.0.1:2379')).toBe('http://10.0.0.1:2379')
    expect(endpointText('https://admin@10.0.0.2:6443/')).toBe('https://10.0.0.2:6443')
    expect(endpointText('https://10.0.0.2:6443')).toBe('https://10.0.0.2:6443')
    expect(endpointText('etcd1:2379')).toBe('etcd1:2379')
  })

  it('removes credentials from an endpoint written without a scheme, as the etcd client reads it', () => {
    expect(endpointText('root:s3cret@etcd1:2379')).toBe('etcd1:2379')
    expect(endpointText('root@etcd1')).toBe('etcd1')
  })

  it('removes what may be userinfo from an endpoint that is not a URL', () => {
    expect(endpointText('root:s3cret@bad host:2379')).toBe('bad host:2379')
    expect(endpointText('bad host')).toBe('bad host')
    expect(endpointText('https://user:pass@[::1')).toBe('https://[::1')
  })

  it('removes userinfo from text the URL parser reads differently from how it is written', () => {
    // `http://` + this parses as host `ht!tp` with no credentials: the text itself must still be cleaned.
    expect(endpointText('ht!tp://[::1:user-pass@x')).toBe('ht!tp://x')
    expect(endpointText('ht!tp://u:p@h/path')).toBe('ht!tp://h/path')
    expect(endpointText('https://h/a@b')).toBe('https://h/a@b')
  })
})
