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

  it('hides an endpoint that is not a URL but could hold credentials', () => {
    expect(endpointText('root:s3cret@bad host:2379')).toBe('(an endpoint that is not a valid URL)')
    expect(endpointText('bad host')).toBe('bad host')
  })
})
