/**
 * The hand-written protobuf codec of etcd's messages: byte-exact encodings checked against the proto3 wire
 * format, and decoding checked against what etcd itself sends (etcdctl's `-w protobuf` output is the raw
 * RangeResponse), beside etcdctl's own JSON view of the same read.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {
  decodeRangeResponse, decodeRevision, decodeTxnResponse, decodeWatchResponse, encodeRangeRequest, encodeTxnRequest,
  encodeWatchCreateRequest, ProtobufError,
} from '../../src/datastore/etcd/etcd-protobuf.js'
import {etcdAvailable, startEtcd, type EtcdCluster} from '../support/etcd-server.js'

const hex = (b: Buffer): string => b.toString('hex')

describe('etcd protobuf encoding', () => {
  it('writes a RangeRequest field by field: key, range_end (raw bytes), limit, revision', () => {
    const encoded = encodeRangeRequest({key: 'a', rangeEnd: 'b\xff', limit: 2000, revision: '300'})
    // 0a 01 'a' | 12 02 'b' ff | 18 d0 0f (2000) | 20 ac 02 (300)
    expect(hex(encoded)).toBe('0a0161' + '120262ff' + '18d00f' + '20ac02')
  })

  it('leaves out defaults, but writes a zero version in a Compare (a oneof member)', () => {
    const create = encodeTxnRequest([{key: 'k', target: 'VERSION', result: 'EQUAL', version: '0'}], [{put: {key: 'k', value: 'v'}}], [])
    // compare: 0a 05 [1a 01 'k' | 20 00]; success: 12 08 [request_put 12 06 [0a 01 'k' | 12 01 'v']]
    expect(hex(create)).toBe('0a05' + '1a016b' + '2000' + '1208' + '1206' + '0a016b' + '120176')
    const update = encodeTxnRequest([{key: 'k', target: 'MOD', result: 'EQUAL', modRevision: '7'}], [], [{range: {key: 'k'}}])
    // compare: result EQUAL left out, target MOD (2), key, mod_revision 7 (field 6); failure: request_range
    expect(hex(update)).toBe('0a07' + '1002' + '1a016b' + '3007' + '1a05' + '0a03' + '0a016b')
  })

  it('writes a WatchRequest whose create_request has key, range_end, start_revision, progress_notify and prev_kv', () => {
    const encoded = encodeWatchCreateRequest({key: '/a/', rangeEnd: '/a0', startRevision: '300', progressNotify: true, prevKv: true})
    // create_request (field 1): 0a 11 [0a 03 '/a/' | 12 03 '/a0' | 18 ac 02 (300) | 20 01 | 30 01 (prev_kv is field 6)]
    expect(hex(encoded)).toBe('0a11' + '0a032f612f' + '12032f6130' + '18ac02' + '2001' + '3001')
    // Without a start revision ("from now") and the flags: only the key range; filters (5) never.
    expect(hex(encodeWatchCreateRequest({key: 'k', rangeEnd: 'l'}))).toBe('0a06' + '0a016b' + '12016c')
  })

  it('writes revisions beyond 2^53 exactly', () => {
    const encoded = encodeRangeRequest({key: 'a', revision: '9007199254740993'})
    expect(hex(encoded)).toBe('0a0161' + '20' + '8180808080808010')
  })
})

/** A length-delimited field in hex: its tag byte, the content's length, the content. */
const ld = (tag: string, content: string): string => tag + (content.length / 2).toString(16).padStart(2, '0') + content

describe('etcd protobuf decoding', () => {
  // RangeResponse: header {revision 2^53 + 1}, one kv {key 'k', create 5, mod 6, version 2, value 'v'}, more.
  const header = ld('0a', '18' + '8180808080808010')
  const kv = ld('12', '0a016b' + '1005' + '1806' + '2002' + '2a0176')
  const range = Buffer.from(header + kv + '1801', 'hex')

  it('reads a RangeResponse, with 64-bit revisions kept exact', () => {
    expect(decodeRangeResponse(range)).toEqual({
      revision: '9007199254740993',
      kvs: [{key: 'k', value: 'v', createRevision: '5', modRevision: '6', version: '2'}],
      more: true,
    })
  })

  it('skips fields it does not know, of every wire type', () => {
    // field 15 as fixed64, field 14 as fixed32, field 13 as varint, field 12 as bytes, then the header.
    const unknown = '79' + '0102030405060708' + '75' + '01020304' + '68' + '2a' + '6202' + 'ffff'
    expect(decodeRevision(Buffer.from(unknown + '0a02' + '1805', 'hex'))).toBe('5')
  })

  it('reads a TxnResponse: succeeded, the range and the previous keys of a delete', () => {
    // response_range {kvs: [k=abc]}, response_delete_range {deleted 1, prev_kvs: [m=xyz]}
    const rangeOp = ld('0a', ld('12', '0a016b' + '1001' + '1802' + '2001' + '2a03616263'))
    const deleteOp = ld('1a', '1001' + ld('1a', '0a016d' + '1003' + '1804' + '2001' + '2a0378797a'))
    const txn = Buffer.from(ld('0a', '1809') + '1001' + ld('1a', rangeOp) + ld('1a', deleteOp), 'hex')
    expect(decodeTxnResponse(txn)).toEqual({
      revision: '9',
      succeeded: true,
      responses: [
        {kvs: [{key: 'k', value: 'abc', createRevision: '1', modRevision: '2', version: '1'}]},
        {kvs: [{key: 'm', value: 'xyz', createRevision: '3', modRevision: '4', version: '1'}]},
      ],
    })
  })

  it('reads a WatchResponse: header revision, watch_id, a PUT event and a DELETE event with its prev_kv', () => {
    // header {revision 12} | watch_id 3 | events (field 11): PUT {kv k=v create 5 mod 11 version 2},
    // DELETE (type 1) {kv: key m, mod 12 (the deletion); prev_kv: m=xyz create 3 mod 4 version 1}
    const put = ld('12', '0a016b' + '1005' + '180b' + '2002' + '2a0176')
    const del = '0801' + ld('12', '0a016d' + '180c') + ld('1a', '0a016d' + '1003' + '1804' + '2001' + '2a0378797a')
    const response = Buffer.from(ld('0a', '180c') + '1003' + ld('5a', put) + ld('5a', del), 'hex')
    expect(decodeWatchResponse(response)).toEqual({
      revision: '12', watchId: '3', created: false, canceled: false, compactRevision: '0', cancelReason: '',
      events: [
        {type: 'PUT', kv: {key: 'k', value: 'v', createRevision: '5', modRevision: '11', version: '2'}},
        {
          type: 'DELETE',
          kv: {key: 'm', value: '', createRevision: '0', modRevision: '12', version: '0'},
          prevKv: {key: 'm', value: 'xyz', createRevision: '3', modRevision: '4', version: '1'},
        },
      ],
    })
  })

  it('reads the created answer and a cancel for a compacted start revision, with its reason', () => {
    expect(decodeWatchResponse(Buffer.from(ld('0a', '1809') + '1801', 'hex'))).toMatchObject({revision: '9', watchId: '0', created: true, events: []})
    const reason = Buffer.from('mvcc: required revision has been compacted').toString('hex')
    // canceled (4) | compact_revision (5) 2^53 + 1 | cancel_reason (6)
    const canceled = Buffer.from(ld('0a', '1809') + '2001' + '28' + '8180808080808010' + ld('32', reason), 'hex')
    expect(decodeWatchResponse(canceled)).toMatchObject({
      canceled: true, compactRevision: '9007199254740993', cancelReason: 'mvcc: required revision has been compacted', events: [],
    })
  })

  it('refuses a watch event of an unknown type rather than taking it for a PUT', () => {
    expect(() => decodeWatchResponse(Buffer.from(ld('5a', '0802'), 'hex'))).toThrow(ProtobufError)
  })

  it('refuses truncated or overrunning messages with a ProtobufError, never a wrong value', () => {
    for (const bad of ['0a', '0a05' + '18', '120d0a016b', '18ffffffffffffffffffff01', '0b']) {
      expect(() => decodeRangeResponse(Buffer.from(bad, 'hex')), bad).toThrow(ProtobufError)
    }
  })
})

describe.runIf(etcdAvailable(true))('etcd protobuf decoding of what etcd sends', () => {
  let etcd: EtcdCluster
  beforeAll(async () => {
    etcd = await startEtcd()
    for (let i = 0; i < 30; i++) etcd.etcdctl(['put', `/p/key-${i}`, JSON.stringify({n: i, text: 'ünïcode ✓'})])
    etcd.etcdctl(['put', '/p/key-1', 'changed'])
  })
  afterAll(async () => {
    await etcd?.stop()
  })

  it('decodes etcdctl get -w protobuf to what etcdctl -w json says', () => {
    const args = ['get', '--prefix', '/p/', '--limit', '20']
    const bytes = Buffer.from(etcd.etcdctl([...args, '-w', 'protobuf'], {encoding: 'latin1'}), 'latin1')
    const json = JSON.parse(etcd.etcdctl([...args, '-w', 'json'])) as {
      header: {revision: number}
      more: boolean
      kvs: {key: string; value: string; create_revision: number; mod_revision: number; version: number}[]
    }
    const decoded = decodeRangeResponse(bytes)
    expect(decoded.revision).toBe(String(json.header.revision))
    expect(decoded.more).toBe(true)
    expect(decoded.kvs).toHaveLength(20)
    expect(decoded.kvs).toEqual(json.kvs.map(kv => ({
      key: Buffer.from(kv.key, 'base64').toString('utf8'),
      value: Buffer.from(kv.value, 'base64').toString('utf8'),
      createRevision: String(kv.create_revision),
      modRevision: String(kv.mod_revision),
      version: String(kv.version),
    })))
    expect(decoded.kvs.find(kv => kv.key === '/p/key-1')?.version).toBe('2')
  })
})
