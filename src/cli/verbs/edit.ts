import {readFileSync, writeFileSync} from 'node:fs'

import {replaceResources} from '../../lifecycle/bulk-commands.js'
import {refuseOwned} from '../../lifecycle/calico-owned.js'
import {getResources} from '../../lifecycle/read-resources.js'
import type {HostEndpoint} from '../../model/hostendpoint.js'
import {copyStoredText, EDIT_CANCELLED, editProblemsHeader, editResultLine, withoutCommentLines} from '../../output/edit-text.js'
import {printGet} from '../../output/get-printer.js'
import {renderInputProblems} from '../../output/input-problems.js'
import {missingNamesText} from '../../output/missing-names.js'
import type {ValidatedResource} from '../../validation/validate-resources.js'
import {withDatastore} from '../datastore-session.js'
import {privateTempFile, runEditor} from '../editor.js'
import {ExitCode, UserFacingError} from '../exit-codes.js'
import {forceFlag, refuseNamespace} from '../global-flags.js'
import {writeError, writeOut} from '../io.js'
import {loadManifests} from '../load-manifests.js'
import {guardingOwned, OWNED_DESCRIPTION} from '../owned-guard.js'
import {resourceNames} from '../resource-args.js'
import {ANY_POSITIONALS, defineVerb} from '../verb.js'

export const edit = defineVerb({
  name: 'edit',
  summary: 'Edit HostEndpoints in your editor ($KUBE_EDITOR, else $EDITOR, else vi) and write them back',
  description: `The objects are written as \`get -o yaml\` prints them (several as a List) to a private temporary
file, and the editor is started on it. Saving the file unchanged, or empty, cancels the edit. What is saved
is read and validated as apply reads it; when it is not valid the editor is reopened with the problems as
'#' lines at the top, and saving the same invalid text again stops the edit (a copy is kept). A valid edit
is written at the revision that was read: a change made meanwhile by someone else is a conflict, and nothing
of that object is written. The name and kind of an object may not be changed.

${OWNED_DESCRIPTION} Without --force such an object is refused before the editor opens.

Exit codes: 0 success or cancelled, 1 the edit is invalid, conflicted or the editor failed, 2 usage error,
3 datastore unusable.`,
  examples: [
    '<%= config.bin %> edit hostendpoint web-1',
    '<%= config.bin %> edit hep web-1 web-2',
    'KUBE_EDITOR="code --wait" <%= config.bin %> edit hep/web-1',
  ],
  flags: {force: forceFlag},
  positionals: ANY_POSITIONALS,
  async run(flags, args) {
    refuseNamespace(flags)
    const names = targetNames(args)
    const {found, missing} = await withDatastore(flags, store => getResources(store, names))
    if (missing.length > 0) throw new UserFacingError(missingNamesText(missing), ExitCode.FAILED)
    // Refused before the editor opens, so that no one edits what cannot be written.
    await guardingOwned(flags.force, async () => refuseOwned(found, flags.force))
    const revisions = new Map(found.map(o => [o.metadata.name, o.metadata.resourceVersion]))
    const original = printGet({kind: 'named', objects: found}, {kind: 'yaml'})
    const file = privateTempFile('hepctl-edit-', 'edit.yaml', original)
    try {
      const originalBody = withoutCommentLines(original)
      let refused: string | undefined
      for (;;) {
        runEditor(file.path)
        const body = withoutCommentLines(readFileSync(file.path, 'utf8'))
        if (body.trim() === '' || body === originalBody) {
          writeError(EDIT_CANCELLED)
          return ExitCode.OK
        }
        if (body === refused) {
          writeError(`Edit cancelled, no valid changes were saved.\n${keepCopy(body)}`)
          return ExitCode.FAILED
        }
        const loaded = await loadManifests([file.path], {recursive: false, strict: false, skipEmpty: false})
        const problems = [...loaded.report.problems, ...loaded.report.resources.flatMap(r => r.problems)]
          .filter(p => p.severity === 'error')
          .map(p => (p.line === undefined ? p.message : `line ${p.line}: ${p.message}`))
        if (problems.length === 0) problems.push(...identityProblems(loaded.validated, names))
        if (problems.length > 0) {
          refused = body
          writeFileSync(file.path, editProblemsHeader(names, problems) + body.replace(/^\n+/, ''))
          continue
        }
        writeError(await renderInputProblems(loaded.report, loaded.sourceLine, () => process.stderr))
        const objects = loaded.validated.map(v => pinned(v.object!, revisions.get(v.object!.metadata.name)))
        const results = await guardingOwned(flags.force, guard => withDatastore(flags, store => replaceResources(store, objects, guard)))
        for (const r of results) (r.action === 'failed' ? writeError : (t: string) => writeOut(`${t}\n`))(editResultLine(r))
        if (!results.some(r => r.action === 'failed')) return ExitCode.OK
        writeError(keepCopy(body))
        return ExitCode.FAILED
      }
    } finally {
      file.remove()
    }
  },
})

/** `KIND NAME...` or `TYPE/NAME...` (kubectl's form), checked; at least one. */
function targetNames(args: string[]): string[] {
  const names = resourceNames(args)
  if (names.length === 0) throw new UserFacingError('a resource name is required: hepctl edit KIND NAME...', ExitCode.USAGE)
  return names
}

/** An edit manages the HostEndpoints it opened: another kind, or a name added, removed or changed, is refused. */
function identityProblems(validated: readonly ValidatedResource[], names: readonly string[]): string[] {
  const problems = validated
    .filter(v => v.kind.role !== 'managed')
    .map(v => `kind ${v.kind.kind} may not be edited here: only the HostEndpoints that were opened`)
  const edited = validated.filter(v => v.kind.role === 'managed').map(v => v.name ?? '')
  const same = edited.length === names.length && [...edited].sort().join('\0') === [...names].sort().join('\0')
  if (!same) problems.push(`the name or kind of an object may not be changed: opened ${names.join(', ')}, saved ${edited.join(', ') || 'none'}`)
  return problems
}

/** The edited object, written only at the revision that was read (a change made meanwhile is a conflict). */
function pinned(object: HostEndpoint, revision: string | undefined): HostEndpoint {
  return {...object, metadata: {...object.metadata, resourceVersion: revision}}
}

/** Keeps the user's text in a private file of its own and says where. */
function keepCopy(body: string): string {
  const copy = privateTempFile('hepctl-edit-', 'edit.yaml', body)
  return copyStoredText(copy.path)
}
