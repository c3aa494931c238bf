/**
 * The words for writes that touch HostEndpoints owned by calico-kube-controllers (src/lifecycle/calico-owned.ts):
 * a warning line before such a write, and the refusal when it was not forced. Each names the object and says
 * what the controller will do about the write.
 */
import {CREATED_BY_LABEL, KUBE_CONTROLLERS, type OwnedTouch} from '../lifecycle/calico-owned.js'
import {RESULT_PREFIX} from './write-results.js'

/** `hostendpoint/NAME belongs to calico-kube-controllers (...)`, or, for one the write labels so, `is labelled ...`. */
function subject(touch: OwnedTouch): string {
  const object = `${RESULT_PREFIX}${touch.name}`
  if (touch.change === 'create' || touch.change === 'claim') return `${object} is labelled ${CREATED_BY_LABEL}=${KUBE_CONTROLLERS}`
  return `${object} belongs to ${KUBE_CONTROLLERS} (label ${CREATED_BY_LABEL})`
}

/** What calico-kube-controllers will do after the write (host-policy reference §6). */
function consequence(touch: OwnedTouch): string {
  switch (touch.change) {
    case 'delete':
      return `the controller will re-create it${touch.node ? ` for node ${touch.node}` : ''} while auto host endpoints are enabled`
    case 'update':
      if (touch.reverted === undefined) return 'the controller reverts changes to its labels, annotations, expectedIPs and interfaceName on its next sync'
      return touch.reverted
        ? 'the controller will revert the change on its next sync'
        : 'the controller keeps a change to profiles, ports or node only until it next rewrites the object'
    case 'create':
    case 'claim':
      return 'calico-kube-controllers will treat it as its own auto host endpoint and may rewrite or delete it'
  }
}

/** The line printed on stderr before a write that touches such an object. */
export function ownedWarning(touch: OwnedTouch): string {
  return `Warning: ${subject(touch)}: ${consequence(touch)}`
}

/**
 * Why nothing was written: a line per object the run would have changed or deleted, then what was not done
 * and how to do it anyway (one line in all for one object).
 */
export function ownedRefusalText(touches: readonly OwnedTouch[]): string {
  const deleting = touches.every(t => t.change === 'delete')
  const them = touches.length === 1 ? 'it' : 'them'
  const outcome = `nothing was ${deleting ? 'deleted' : 'written'} (use --force to ${deleting ? 'delete' : 'change'} ${them} anyway)`
  const lines = touches.map(t => `${subject(t)}: ${consequence(t)}`)
  if (touches.length === 1) return `${lines[0]}; ${outcome}`
  return `${lines.join('\n')}\n${touches.length} HostEndpoints owned by ${KUBE_CONTROLLERS}; ${outcome}`
}
