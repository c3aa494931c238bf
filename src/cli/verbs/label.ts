import {labelResource, type LabelChange} from '../../lifecycle/index.js'
import {validateObject} from '../../validation/validate-resources.js'
import {withDatastore} from '../datastore-session.js'
import {ExitCode, UserFacingError} from '../exit-codes.js'
import type {Verb} from '../flag-table.js'
import {dryRunFlag, refuseNamespace} from '../global-flags.js'
import {requireKind, requireNames} from '../resource-args.js'
import {reportSingleResult} from '../single-result.js'

export const label: Verb = {
  flags: {
    overwrite: {type: 'boolean', description: 'replace the value of a label that is already set'},
    remove: {type: 'boolean', description: 'remove the label instead of setting it'},
    'dry-run': dryRunFlag,
  },
  positionals: {min: 3, max: 3},
  async run(flags, [kind, name, text]) {
    refuseNamespace(flags)
    requireKind(kind)
    requireNames([name])
    let change: LabelChange
    if (flags.remove) {
      if (text.includes('=')) throw new UserFacingError(`invalid label ${text}: with --remove give only the key`, ExitCode.USAGE)
      change = {key: text, remove: true}
    } else {
      const at = text.indexOf('=')
      if (at <= 0) throw new UserFacingError(`invalid label ${text}: expected key=value (or key --remove)`, ExitCode.USAGE)
      change = {key: text.slice(0, at), value: text.slice(at + 1), overwrite: Boolean(flags.overwrite)}
    }
    const dryRun = Boolean(flags['dry-run'])
    const result = await withDatastore(flags, store => labelResource(store, name, change, {validate: validateObject, dryRun, kind}))
    return reportSingleResult('label', result, dryRun)
  },
}
