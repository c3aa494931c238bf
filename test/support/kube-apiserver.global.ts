/**
 * vitest globalSetup: when a selected test file's name contains `kubernetes`, start ONE real kube-apiserver
 * (with etcd) for the whole run from the shared scripts in `../shared/tools/kube-apiserver/`, install
 * Calico's HostEndpoint CRD, hand the connection to the tests (`inject('kubeApiserver')`), and stop it at
 * the end. When it cannot be started: fail the run under CI, otherwise let those tests skip with a notice.
 */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'
import type {TestProject} from 'vitest/node'

// Type only (erased): declares inject('kubeApiserver'); the module itself imports vitest's test API.
import type {} from './kube-apiserver.js'

import {CRD_FILES, installCrd, SHARED_DIR, type KubeApiserverInfo, startKubeApiserver, stopKubeApiserver} from './kube-apiserver-process.js'

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (!(await kubernetesTestsSelected(project))) {
    project.provide('kubeApiserver', {available: false, reason: 'no Kubernetes test selected'})
    return undefined
  }
  const stateDir = mkdtempSync(join(tmpdir(), 'hepctl-kube-apiserver-'))
  let info: KubeApiserverInfo
  try {
    info = await startKubeApiserver(stateDir)
    await installCrd(info.kubeconfig, CRD_FILES.v1)
  } catch (error) {
    await stopKubeApiserver(stateDir)
    rmSync(stateDir, {recursive: true, force: true})
    const reason = `kube-apiserver could not be started (${(error as Error).message.split('\n')[0]})`
    if (process.env.CI) throw new Error(`${reason}; Kubernetes tests cannot run under CI without it (shared dir: ${SHARED_DIR})`)
    process.stderr.write(`\n[hepctl tests] NOTICE: ${reason}; the Kubernetes datastore tests are SKIPPED.\n\n`)
    project.provide('kubeApiserver', {available: false, reason})
    return undefined
  }
  project.provide('kubeApiserver', info)
  return async () => {
    await stopKubeApiserver(stateDir)
    rmSync(stateDir, {recursive: true, force: true})
  }
}

/** Whether any selected test file needs the server (its name mentions kubernetes). */
async function kubernetesTestsSelected(project: TestProject): Promise<boolean> {
  if (process.env.HEPCTL_KUBE_TESTS === '1') return true
  // vitest keeps the command line's file filters here (not a public field in vitest 3).
  const filters = (project.vitest as unknown as {filenamePattern?: string[]}).filenamePattern
  const {testFiles} = await project.globTestFiles(filters)
  return testFiles.some(file => basename(file).includes('kubernetes'))
}
