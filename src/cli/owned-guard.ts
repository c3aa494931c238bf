/**
 * The commands' side of the guard on HostEndpoints owned by calico-kube-controllers (the check itself is the
 * lifecycle's, src/lifecycle/calico-owned.ts, the same on every datastore): warnings on stderr before such a
 * write, and the refusal of a run that would change or delete one without --force as one clear error.
 */
import type {BulkOptions} from '../lifecycle/resource-result.js'
import type {CalicoOwnedRefusal} from '../lifecycle/calico-owned.js'
import {ExitCode, UserFacingError} from './exit-codes.js'
import {writeError} from './io.js'

/** What --help says of each command that changes or deletes stored HostEndpoints (apply, replace, delete, label, patch, edit). */
export const OWNED_DESCRIPTION = `HostEndpoints labelled projectcalico.org/created-by=calico-kube-controllers are calico-kube-controllers'
auto host endpoints: it reverts changes to them and re-creates them when deleted. A run that would change or
delete one writes nothing at all without --force (exit 1); with --force, a warning on stderr names each one
and what the controller will do, then the write goes ahead.`

/** What the lifecycle is given: whether to go ahead, and where to announce the writes that touch such objects. */
export type OwnedGuard = Required<Pick<BulkOptions, 'force' | 'onCalicoOwned'>>

/**
 * Runs `work` with the guard. A refused run wrote nothing (the lifecycle refuses before its first write) and
 * exits 1, as invalid input does; the message names each object and what the controller would do.
 */
export async function guardingOwned<T>(force: boolean | undefined, work: (guard: OwnedGuard) => Promise<T>): Promise<T> {
  const {ownedRefusalText, ownedWarning} = await import('../output/calico-owned-text.js')
  try {
    return await work({force: Boolean(force), onCalicoOwned: touches => writeError(touches.map(ownedWarning).join('\n'))})
  } catch (error) {
    // By name, as every hepctl error is recognised (the bundle may hold more than one copy of a class).
    if ((error as Error).name !== 'CalicoOwnedRefusal') throw error
    throw new UserFacingError(ownedRefusalText((error as CalicoOwnedRefusal).touches), ExitCode.FAILED)
  }
}
