import {describe, expect, it} from 'vitest'

import {DatastoreUnavailableError, ResourceError, runConcurrently, settleAfterFailure, type WriteOp, type WriteResult} from '../../src/datastore/datastore.js'
import {hep} from './contract.js'

describe('settleAfterFailure', () => {
  const ops: WriteOp[] = [{op: 'create', object: hep('a')}, {op: 'delete', name: 'b'}, {op: 'update', object: hep('c')}]
  const failure = new DatastoreUnavailableError('cannot reach etcd: http://127.0.0.1:1: ECONNREFUSED')

  it('throws the failure itself when nothing completed: the store was unusable from the start', () => {
    expect(() => settleAfterFailure(ops, [undefined, undefined, undefined], failure)).toThrow(failure)
  })

  it('keeps what completed and fails the rest with the reason', () => {
    const done: WriteResult = {ok: true, object: hep('a')}
    const refused: WriteResult = {ok: false, error: ResourceError.notFound('b')}
    const results = settleAfterFailure(ops, [done, refused, undefined], failure)
    expect(results[0]).toBe(done)
    expect(results[1]).toBe(refused)
    expect(results[2].ok).toBe(false)
    if (!results[2].ok) {
      expect(results[2].error.resource).toBe('c')
      expect(results[2].error.message).toBe(`not known to be written, the datastore stopped answering: ${failure.message}`)
    }
  })
})

describe('runConcurrently', () => {
  it('keeps at most `limit` tasks in flight and starts units in order', async () => {
    let inFlight = 0
    let most = 0
    const started: number[] = []
    const stopped = await runConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async unit => {
      started.push(unit)
      most = Math.max(most, ++inFlight)
      await new Promise(resolve => setTimeout(resolve, 5))
      inFlight--
    })
    expect(stopped).toBeUndefined()
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(most).toBe(3)
  })

  it('starts nothing more after a task fails and returns the first failure', async () => {
    const started: number[] = []
    const stopped = await runConcurrently([1, 2, 3, 4, 5], 2, async unit => {
      started.push(unit)
      await new Promise(resolve => setTimeout(resolve, unit))
      if (unit === 2) throw new Error('lost the store')
    })
    expect((stopped?.failure as Error).message).toBe('lost the store')
    expect(started).toEqual([1, 2, 3])
  })
})
