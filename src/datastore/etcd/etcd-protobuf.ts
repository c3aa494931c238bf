/**
 * The protobuf messages of etcd's v3 API that hepctl sends and reads (etcdserverpb's rpc.proto and mvccpb's
 * kv.proto), encoded and decoded by hand: only these few messages are needed, and a generic protobuf runtime
 * would cost start-up time on every etcd command.
 *
 * Encoding follows proto3: a scalar equal to its default is left out, except inside a `oneof` (Compare's
 * target value), where it marks which member is set. 64-bit integers travel as decimal strings, as etcd's
 * revisions can exceed what a JavaScript number holds exactly.
 */

export interface EtcdKeyValue {
  key: string
  value: string
  modRevision: string
  createRevision: string
  version: string
}

export type Compare =
  | {key: string; target: 'VERSION'; result: 'EQUAL' | 'GREATER'; version: string}
  | {key: string; target: 'MOD'; result: 'EQUAL'; modRevision: string}

export type RequestOp =
  | {put: {key: string; value: string}}
  | {range: {key: string}}
  | {deleteRange: {key: string; prevKv: boolean; rangeEnd?: string}}

export interface ResponseOp {
  /** The keys read by a range op, or the previous keys of a delete op. */
  kvs: EtcdKeyValue[]
}

export interface RangeRequest {
  key: string
  /** Bytes as latin1 text (prefixRangeEnd's form). */
  rangeEnd?: string
  limit?: number
  revision?: string
}

const VARINT = 0
const LENGTH_DELIMITED = 2

// ---- encoding ----

/** A message under construction: fields are appended in field-number order. */
class MessageWriter {
  private readonly pending: number[] = []
  private readonly chunks: Buffer[] = []

  private varint(value: bigint): void {
    let v = BigInt.asUintN(64, value)
    while (v > 0x7fn) {
      this.pending.push(Number(v & 0x7fn) | 0x80)
      v >>= 7n
    }
    this.pending.push(Number(v))
  }

  private flush(): void {
    if (this.pending.length > 0) this.chunks.push(Buffer.from(this.pending.splice(0)))
  }

  /** An integer field (int64, enum, bool); `always` writes a zero too (a oneof member). */
  int(field: number, value: bigint | number | string | boolean | undefined, always = false): this {
    if (value === undefined) return this
    const n = typeof value === 'boolean' ? (value ? 1n : 0n) : BigInt(value)
    if (n === 0n && !always) return this
    this.varint(BigInt((field << 3) | VARINT))
    this.varint(n)
    return this
  }

  /** A bytes or string field; text is UTF-8 unless `encoding` says otherwise. */
  bytes(field: number, value: Buffer | string | undefined, encoding: BufferEncoding = 'utf8'): this {
    if (value === undefined) return this
    const data = typeof value === 'string' ? Buffer.from(value, encoding) : value
    if (data.length === 0) return this
    return this.delimited(field, data)
  }

  /** An embedded message, written even when empty (its presence can matter, e.g. a oneof member). */
  message(field: number, encoded: Buffer): this {
    return this.delimited(field, encoded)
  }

  private delimited(field: number, data: Buffer): this {
    this.varint(BigInt((field << 3) | LENGTH_DELIMITED))
    this.varint(BigInt(data.length))
    this.flush()
    this.chunks.push(data)
    return this
  }

  finish(): Buffer {
    this.flush()
    return Buffer.concat(this.chunks)
  }
}

const COMPARE_RESULT = {EQUAL: 0, GREATER: 1} as const
const COMPARE_TARGET = {VERSION: 0, MOD: 2} as const

export function encodeRangeRequest(request: RangeRequest): Buffer {
  return new MessageWriter()
    .bytes(1, request.key)
    .bytes(2, request.rangeEnd, 'latin1')
    .int(3, request.limit)
    .int(4, request.revision || undefined)
    .finish()
}

export function encodePutRequest(key: string, value: string): Buffer {
  return new MessageWriter().bytes(1, key).bytes(2, value).finish()
}

function encodeCompare(c: Compare): Buffer {
  const w = new MessageWriter().int(1, COMPARE_RESULT[c.result]).int(2, COMPARE_TARGET[c.target]).bytes(3, c.key)
  return (c.target === 'VERSION' ? w.int(4, c.version, true) : w.int(6, c.modRevision, true)).finish()
}

function encodeRequestOp(op: RequestOp): Buffer {
  const w = new MessageWriter()
  if ('range' in op) w.message(1, encodeRangeRequest({key: op.range.key}))
  else if ('put' in op) w.message(2, encodePutRequest(op.put.key, op.put.value))
  else {
    const {key, rangeEnd, prevKv} = op.deleteRange
    w.message(3, new MessageWriter().bytes(1, key).bytes(2, rangeEnd, 'latin1').int(3, prevKv).finish())
  }
  return w.finish()
}

export function encodeTxnRequest(compare: readonly Compare[], success: readonly RequestOp[], failure: readonly RequestOp[]): Buffer {
  const w = new MessageWriter()
  for (const c of compare) w.message(1, encodeCompare(c))
  for (const op of success) w.message(2, encodeRequestOp(op))
  for (const op of failure) w.message(3, encodeRequestOp(op))
  return w.finish()
}

export function encodeAuthenticateRequest(name: string, password: string): Buffer {
  return new MessageWriter().bytes(1, name).bytes(2, password).finish()
}

/** WatchCreateRequest's fields that hepctl sets (rpc.proto: key 1, range_end 2, start_revision 3, progress_notify 4, prev_kv 6). */
export interface WatchCreateRequest {
  key: string
  /** Bytes as latin1 text (prefixRangeEnd's form). */
  rangeEnd?: string
  /** The first revision to report (inclusive); left out means "from now". */
  startRevision?: string
  /** Ask for empty responses on a quiet watch, whose header revision tells how far the watch has come. */
  progressNotify?: boolean
  /** Ask for each event's previous key-value (what a DELETE removed). */
  prevKv?: boolean
}

/** A WatchRequest whose create_request (field 1 of the request_union oneof) is `request`. */
export function encodeWatchCreateRequest(request: WatchCreateRequest): Buffer {
  const create = new MessageWriter()
    .bytes(1, request.key)
    .bytes(2, request.rangeEnd, 'latin1')
    .int(3, request.startRevision || undefined)
    .int(4, request.progressNotify)
    .int(6, request.prevKv)
    .finish()
  return new MessageWriter().message(1, create).finish()
}

// ---- decoding ----

/** A malformed message: what was received is not the protobuf etcd sends. */
export class ProtobufError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ProtobufError'
  }
}

/** Reads the fields of one message, in place, from `buffer[start..end)`. */
class FieldReader {
  pos: number
  field = 0
  wire = 0

  constructor(readonly buffer: Buffer, start: number, readonly end: number) {
    this.pos = start
  }

  /** Moves to the next field; false at the end of the message. */
  next(): boolean {
    if (this.pos >= this.end) return false
    const key = this.uint()
    this.field = key >>> 3
    this.wire = key & 7
    return true
  }

  /** A varint as a number; exact up to 2^53, which covers every tag, length and enum. */
  uint(): number {
    let result = 0
    let scale = 1
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtobufError('truncated varint')
      const byte = this.buffer[this.pos++]
      result += (byte & 0x7f) * scale
      if (byte < 0x80) return result
      scale *= 128
    }
    throw new ProtobufError('varint longer than 10 bytes')
  }

  /** A varint int64 as decimal text, exact at any size. */
  int64(): string {
    const start = this.pos
    const n = this.uint()
    if (n <= Number.MAX_SAFE_INTEGER) return String(n)
    let v = 0n
    for (let i = this.pos - 1; i >= start; i--) v = (v << 7n) | BigInt(this.buffer[i] & 0x7f)
    return String(BigInt.asIntN(64, v))
  }

  /** The bounds of a length-delimited field's content; the reader moves past it. */
  span(): [number, number] {
    const length = this.uint()
    const start = this.pos
    if (start + length > this.end) throw new ProtobufError('field runs past the end of its message')
    this.pos = start + length
    return [start, this.pos]
  }

  text(): string {
    const [start, end] = this.span()
    return this.buffer.toString('utf8', start, end)
  }

  /** Skips a field this decoder does not use. */
  skip(): void {
    if (this.wire === VARINT) this.uint()
    else if (this.wire === LENGTH_DELIMITED) this.span()
    else if (this.wire === 1) this.pos += 8
    else if (this.wire === 5) this.pos += 4
    else throw new ProtobufError(`unsupported wire type ${this.wire}`)
    if (this.pos > this.end) throw new ProtobufError('field runs past the end of its message')
  }

  /** A reader over an embedded message field. */
  embedded(): FieldReader {
    const [start, end] = this.span()
    return new FieldReader(this.buffer, start, end)
  }
}

function decodeKeyValue(r: FieldReader): EtcdKeyValue {
  const kv: EtcdKeyValue = {key: '', value: '', modRevision: '0', createRevision: '0', version: '0'}
  while (r.next()) {
    if (r.wire === LENGTH_DELIMITED && r.field === 1) kv.key = r.text()
    else if (r.wire === LENGTH_DELIMITED && r.field === 5) kv.value = r.text()
    else if (r.wire === VARINT && r.field === 2) kv.createRevision = r.int64()
    else if (r.wire === VARINT && r.field === 3) kv.modRevision = r.int64()
    else if (r.wire === VARINT && r.field === 4) kv.version = r.int64()
    else r.skip()
  }
  return kv
}

/** ResponseHeader's revision (field 3); every response carries the header as field 1. */
function headerRevision(r: FieldReader): string {
  let revision = '0'
  while (r.next()) {
    if (r.field === 3 && r.wire === VARINT) revision = r.int64()
    else r.skip()
  }
  return revision
}

export interface RangeResponse {
  revision: string
  kvs: EtcdKeyValue[]
  more: boolean
}

function readRangeResponse(r: FieldReader): RangeResponse {
  const response: RangeResponse = {revision: '0', kvs: [], more: false}
  while (r.next()) {
    if (r.field === 1 && r.wire === LENGTH_DELIMITED) response.revision = headerRevision(r.embedded())
    else if (r.field === 2 && r.wire === LENGTH_DELIMITED) response.kvs.push(decodeKeyValue(r.embedded()))
    else if (r.field === 3 && r.wire === VARINT) response.more = r.uint() !== 0
    else r.skip()
  }
  return response
}

const reader = (buffer: Buffer): FieldReader => new FieldReader(buffer, 0, buffer.length)

export function decodeRangeResponse(buffer: Buffer): RangeResponse {
  return readRangeResponse(reader(buffer))
}

/** PutResponse and the like: only the header's revision is used. */
export function decodeRevision(buffer: Buffer): string {
  const r = reader(buffer)
  let revision = '0'
  while (r.next()) {
    if (r.field === 1 && r.wire === LENGTH_DELIMITED) revision = headerRevision(r.embedded())
    else r.skip()
  }
  return revision
}

function readResponseOp(r: FieldReader): ResponseOp {
  const op: ResponseOp = {kvs: []}
  while (r.next()) {
    if (r.field === 1 && r.wire === LENGTH_DELIMITED) op.kvs = readRangeResponse(r.embedded()).kvs
    else if (r.field === 3 && r.wire === LENGTH_DELIMITED) {
      // DeleteRangeResponse: prev_kvs is field 3.
      const del = r.embedded()
      while (del.next()) {
        if (del.field === 3 && del.wire === LENGTH_DELIMITED) op.kvs.push(decodeKeyValue(del.embedded()))
        else del.skip()
      }
    } else r.skip()
  }
  return op
}

export interface TxnResponse {
  succeeded: boolean
  revision: string
  responses: ResponseOp[]
}

export function decodeTxnResponse(buffer: Buffer): TxnResponse {
  const r = reader(buffer)
  const response: TxnResponse = {succeeded: false, revision: '0', responses: []}
  while (r.next()) {
    if (r.field === 1 && r.wire === LENGTH_DELIMITED) response.revision = headerRevision(r.embedded())
    else if (r.field === 2 && r.wire === VARINT) response.succeeded = r.uint() !== 0
    else if (r.field === 3 && r.wire === LENGTH_DELIMITED) response.responses.push(readResponseOp(r.embedded()))
    else r.skip()
  }
  return response
}

/** mvccpb.Event: type (1; PUT 0, DELETE 1), kv (2), prev_kv (3, only when the watch asked for it). */
export interface EtcdEvent {
  type: 'PUT' | 'DELETE'
  /** For a DELETE: the key, with mod_revision the revision of the deletion and no value. */
  kv: EtcdKeyValue
  prevKv?: EtcdKeyValue
}

export interface WatchResponse {
  /** The header's revision: on a progress notification, every event up to it has been sent. */
  revision: string
  watchId: string
  created: boolean
  canceled: boolean
  /** Non-zero when the watch's start revision was compacted: the watch is canceled, the history is gone. */
  compactRevision: string
  cancelReason: string
  events: EtcdEvent[]
}

function readWatchEvent(r: FieldReader): EtcdEvent {
  const event: EtcdEvent = {type: 'PUT', kv: {key: '', value: '', modRevision: '0', createRevision: '0', version: '0'}}
  while (r.next()) {
    if (r.field === 1 && r.wire === VARINT) {
      const type = r.uint()
      if (type > 1) throw new ProtobufError(`unknown watch event type ${type}`)
      event.type = type === 1 ? 'DELETE' : 'PUT'
    } else if (r.field === 2 && r.wire === LENGTH_DELIMITED) event.kv = decodeKeyValue(r.embedded())
    else if (r.field === 3 && r.wire === LENGTH_DELIMITED) event.prevKv = decodeKeyValue(r.embedded())
    else r.skip()
  }
  return event
}

/** WatchResponse: header 1, watch_id 2, created 3, canceled 4, compact_revision 5, cancel_reason 6, events 11. */
export function decodeWatchResponse(buffer: Buffer): WatchResponse {
  const r = reader(buffer)
  const response: WatchResponse = {revision: '0', watchId: '0', created: false, canceled: false, compactRevision: '0', cancelReason: '', events: []}
  while (r.next()) {
    if (r.field === 1 && r.wire === LENGTH_DELIMITED) response.revision = headerRevision(r.embedded())
    else if (r.field === 2 && r.wire === VARINT) response.watchId = r.int64()
    else if (r.field === 3 && r.wire === VARINT) response.created = r.uint() !== 0
    else if (r.field === 4 && r.wire === VARINT) response.canceled = r.uint() !== 0
    else if (r.field === 5 && r.wire === VARINT) response.compactRevision = r.int64()
    else if (r.field === 6 && r.wire === LENGTH_DELIMITED) response.cancelReason = r.text()
    else if (r.field === 11 && r.wire === LENGTH_DELIMITED) response.events.push(readWatchEvent(r.embedded()))
    else r.skip()
  }
  return response
}

/** AuthenticateResponse's token (field 2). */
export function decodeAuthenticateResponse(buffer: Buffer): string {
  const r = reader(buffer)
  let token = ''
  while (r.next()) {
    if (r.field === 2 && r.wire === LENGTH_DELIMITED) token = r.text()
    else r.skip()
  }
  return token
}
