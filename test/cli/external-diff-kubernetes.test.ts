// KUBECTL_EXTERNAL_DIFF as kubectl calls it, held beside real kubectl: the same recording diff program is given
// to `kubectl diff` against a real kube-apiserver and to `hepctl diff` on a file store, for a HostEndpoint
// neither holds yet. Both must call it the same way: the same arguments in the same places (the LIVE and
// MERGED directories first, then the words of the variable kubectl passes on), the same file names in each
// directory, and the same exit code after it.
import {chmodSync} from 'node:fs'

import {describe, expect, it} from 'vitest'

import {hepctl, hepYaml, runProcess, useFileStore} from '../support/cli.js'
import {useKubeApiserver} from '../support/kube-apiserver.js'

const store = useFileStore()
const server = useKubeApiserver()

/** Prints each argument, naming directories by their kind (LIVE-*, MERGED-*) with the files in them, and exits 1. */
const recorder = store.write('record-diff.sh', `#!/bin/sh
for a in "$@"; do
  if [ -d "$a" ]; then
    echo "DIR $(basename "$a" | sed -e 's/^\\(LIVE\\|MERGED\\)-.*/\\1-*/')"
    for f in "$a"/* ; do [ -e "$f" ] && echo "FILE $(basename "$f")"; done
  else
    echo "ARG $a"
  fi
done
exit 1
`)
chmodSync(recorder, 0o755)

/** kubectl's file names with the group and version of the API it was given, hepctl's with projectcalico.org/v3. */
const asV3 = (text: string) => text.replaceAll('crd.projectcalico.org.v1.', 'projectcalico.org.v3.')

describe.runIf(server)('diff with KUBECTL_EXTERNAL_DIFF beside kubectl (a real kube-apiserver)', () => {
  it.each([
    ['-u -N', 'the words it passes on'],
    ['-u a/b --color=always "x"', 'the words it drops'],
  ])('calls the program as kubectl does with KUBECTL_EXTERNAL_DIFF="recorder %s" (%s)', async words => {
    const variable = `${recorder} ${words}`
    const name = 'external-diff-new'
    const theirs = await runProcess('kubectl', ['diff', '-f', '-'], {
      cwd: store.path,
      env: {PATH: process.env.PATH, HOME: process.env.HOME, KUBECONFIG: server!.kubeconfig, KUBECTL_EXTERNAL_DIFF: variable},
      input: JSON.stringify({apiVersion: 'crd.projectcalico.org/v1', kind: 'HostEndpoint', metadata: {name}, spec: {node: 'n1', interfaceName: 'eth0'}}),
    })
    const ours = await hepctl(['diff', '-f', store.write('new.yaml', hepYaml(name))], {env: {...store.env, KUBECTL_EXTERNAL_DIFF: variable}})
    // The program ran under kubectl: it printed the arguments it was given.
    expect(theirs.stdout).toMatch(/^DIR LIVE-\*\n/)
    expect(ours.stdout).toBe(asV3(theirs.stdout))
    expect(ours.code).toBe(theirs.code)
  })
})
