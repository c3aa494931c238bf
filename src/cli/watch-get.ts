import {watchResources} from '../lifecycle/watch.js'
import type {LabelSelector} from '../model/label-selector.js'
import type {OutputFormat} from '../output/get-printer.js'
import {TemplateExecutionError} from '../output/get-printer.js'
import {watchPrinter} from '../output/watch-text.js'
import {withDatastore} from './datastore-session.js'
import {ExitCode, UserFacingError} from './exit-codes.js'
import {writeOut} from './io.js'
import type {GlobalFlagValues} from './verb.js'

export interface WatchGetOptions {
  format: OutputFormat
  names?: readonly string[]
  selector?: LabelSelector
  includeInitial: boolean
  events?: boolean
  allowMissingTemplateKeys: boolean
  showLabels?: boolean
  labelColumns?: readonly string[]
  noHeaders?: boolean
}

/**
 * `get -w`: prints the list and then each change until Ctrl-C (SIGINT), SIGTERM or a closed stdout (a pipe
 * whose reader went away), each of which ends the watch cleanly: connections closed, exit 0.
 */
export async function watchGet(flags: GlobalFlagValues, options: WatchGetOptions): Promise<number> {
  const stop = new AbortController()
  const end = (): void => stop.abort()
  const onStdoutError = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE') throw error
    end()
  }
  process.once('SIGINT', end)
  process.once('SIGTERM', end)
  process.stdout.on('error', onStdoutError)
  const print = watchPrinter(options.format, {
    events: options.events,
    showLabels: options.showLabels,
    labelColumns: options.labelColumns,
    noHeaders: options.noHeaders,
    allowMissingTemplateKeys: options.allowMissingTemplateKeys,
  })
  try {
    await withDatastore(flags, store => watchResources(store, {
      selector: options.selector,
      names: options.names,
      includeInitial: options.includeInitial,
      signal: stop.signal,
      onEvent: event => {
        if (!stop.signal.aborted) writeOut(print(event))
      },
    }))
  } catch (error) {
    if (error instanceof TemplateExecutionError) throw new UserFacingError(error.message, ExitCode.FAILED)
    throw error
  } finally {
    process.off('SIGINT', end)
    process.off('SIGTERM', end)
    process.stdout.off('error', onStdoutError)
  }
  return ExitCode.OK
}
