import {Command, Flags, Interfaces} from '@oclif/core'

import {reportError} from './error-report.js'
import {ExitCode, UserFacingError} from './exit-codes.js'

/**
 * The shared flags of every hepctl command and its error handling: a user's mistake or an unusable datastore
 * is one clear line on stderr and a documented exit code, never a stack trace.
 */
export abstract class HepctlCommand extends Command {
  static baseFlags = {
    config: Flags.string({
      char: 'c',
      description: 'calicoctl config file (CalicoAPIConfig); default /etc/calico/calicoctl.cfg, else the environment',
      helpGroup: 'GLOBAL',
    }),
    context: Flags.string({description: 'kubeconfig context to use (Kubernetes datastore)', helpGroup: 'GLOBAL'}),
    kubeconfig: Flags.string({description: 'kubeconfig file to use (selects the Kubernetes datastore)', helpGroup: 'GLOBAL'}),
    'request-timeout': Flags.string({
      description: 'time limit for each request to the datastore, e.g. 30s, 500ms, 2m (default 30s)',
      helpGroup: 'GLOBAL',
    }),
    'allow-version-mismatch': Flags.boolean({
      description: 'accepted for calicoctl compatibility; hepctl never blocks on a version mismatch',
      helpGroup: 'GLOBAL',
    }),
    namespace: Flags.string({char: 'n', description: 'refused: HostEndpoint is not namespaced', helpGroup: 'GLOBAL'}),
    'all-namespaces': Flags.boolean({char: 'A', aliases: ['a'], description: 'refused: HostEndpoint is not namespaced', helpGroup: 'GLOBAL'}),
  }

  /** Refuse -n/-A as calicoctl does for a cluster-scoped kind. */
  protected refuseNamespace(flags: {namespace?: string; 'all-namespaces'?: boolean}): void {
    if (flags.namespace !== undefined || flags['all-namespaces']) {
      throw new UserFacingError('HostEndpoint is not namespaced', ExitCode.USAGE)
    }
  }

  protected async catch(error: Interfaces.CommandError): Promise<unknown> {
    const code = reportError(error)
    if (code === undefined) throw error // oclif's own parse and exit errors keep oclif's handling (exit 2)
    process.exitCode = code
    return undefined
  }
}
