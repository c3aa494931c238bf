import {COMPLETION_SCRIPTS} from '../../output/completion-scripts.js'
import {SHELLS} from '../completion-candidates.js'
import {ExitCode, UserFacingError} from '../exit-codes.js'
import {writeOut} from '../io.js'
import {defineVerb} from '../verb.js'

export const completion = defineVerb({
  name: 'completion',
  summary: 'Print a shell completion script (bash, zsh, fish, powershell)',
  description: `Completes commands, flags, flag values, kinds and, from the configured datastore, HostEndpoint names.

  bash:        source <(<%= config.bin %> completion bash)
  zsh:         source <(<%= config.bin %> completion zsh)
  fish:        <%= config.bin %> completion fish | source
  powershell:  <%= config.bin %> completion powershell | Out-String | Invoke-Expression`,
  examples: ['<%= config.bin %> completion bash > ~/.local/share/bash-completion/completions/hepctl', 'source <(<%= config.bin %> completion zsh)'],
  flags: {},
  positionals: {args: [{name: 'shell', description: SHELLS.join(', ')}]},
  async run(_flags, [shell]) {
    if (!Object.hasOwn(COMPLETION_SCRIPTS, shell)) throw new UserFacingError(`unsupported shell ${JSON.stringify(shell)}: expected one of ${SHELLS.join(', ')}`, ExitCode.USAGE)
    writeOut(COMPLETION_SCRIPTS[shell as keyof typeof COMPLETION_SCRIPTS])
    return ExitCode.OK
  },
})
