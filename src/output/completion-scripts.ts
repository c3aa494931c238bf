/**
 * The shell completion scripts `hepctl completion SHELL` prints. Each asks hepctl itself what to offer
 * (`hepctl __complete -- WORD...`, see src/cli/completion-candidates.ts): one candidate a line, then a last
 * line `:words` (offer those) or `:files` (complete file names). So the scripts never go stale when commands
 * or flags change, and no other command pays for completion.
 */

const BASH = `# bash completion for hepctl
# Load it now:              source <(hepctl completion bash)
# Or for every new shell:   hepctl completion bash > ~/.local/share/bash-completion/completions/hepctl

_hepctl_complete() {
  local words=() i w cur out directive
  local -a candidates=()
  # bash splits words at = and :, kubectl-style flags (--output=json) and selectors (app=web) are one word to hepctl.
  for ((i = 1; i <= COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    if ((\${#words[@]} > 0)) && [[ $w == "=" || $w == ":" || \${words[\${#words[@]}-1]} == *[=:] ]] && ((i > 1)); then
      words[\${#words[@]}-1]+=$w
    else
      words+=("$w")
    fi
  done
  ((\${#words[@]} == 0)) && words=("")
  cur=\${words[\${#words[@]}-1]}
  out=$("\${COMP_WORDS[0]}" __complete -- "\${words[@]}" 2>/dev/null) || return 0
  directive=\${out##*$'\\n'}
  [[ $out == *$'\\n'* ]] && mapfile -t candidates <<<"\${out%$'\\n'*}"
  # readline replaces only the text after the last = or :, so offer only that part.
  local typed=\${cur##*[=:]}
  if [[ $directive == :files ]]; then
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$typed")
    return 0
  fi
  if [[ $cur != "$typed" ]]; then
    local prefix=\${cur%"$typed"}
    candidates=("\${candidates[@]#"$prefix"}")
  fi
  COMPREPLY=("\${candidates[@]}")
  # A flag's --name= or a TYPE/ is not finished: no space after it.
  if ((\${#COMPREPLY[@]} == 1)) && [[ \${COMPREPLY[0]} == *[=/] ]]; then
    compopt -o nospace 2>/dev/null
  fi
  return 0
}

complete -F _hepctl_complete hepctl
`

const ZSH = `#compdef hepctl
# zsh completion for hepctl
# Load it now:              source <(hepctl completion zsh)
# Or for every new shell:   hepctl completion zsh > "\${fpath[1]}/_hepctl"   (with compinit in ~/.zshrc)

_hepctl() {
  local out directive
  local -a lines candidates
  out=$("\${words[1]}" __complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
  lines=("\${(@f)out}")
  directive=\${lines[-1]}
  candidates=("\${(@)lines[1,-2]}")
  if [[ $directive == :files ]]; then
    _files
    return
  fi
  (( \${#candidates} > 0 )) || return 1
  # A flag's --name= or a TYPE/ is not finished: no space after it.
  local -a unfinished=("\${(@M)candidates:#*[=/]}") finished=("\${(@)candidates:#*[=/]}")
  local ret=1
  if (( \${#unfinished} > 0 )); then compadd -Q -S '' -- "\${unfinished[@]}" && ret=0; fi
  if (( \${#finished} > 0 )); then compadd -Q -- "\${finished[@]}" && ret=0; fi
  return ret
}

if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _hepctl "$@"
else
  compdef _hepctl hepctl
fi
`

const FISH = `# fish completion for hepctl
# Load it now:              hepctl completion fish | source
# Or for every new shell:   hepctl completion fish > ~/.config/fish/completions/hepctl.fish

function __hepctl_complete
    set -l tokens (commandline -opc)
    set -l program $tokens[1]
    set -e tokens[1]
    set -l cur (commandline -ct)
    set -l lines ($program __complete -- $tokens "$cur" 2>/dev/null)
    or return
    set -l directive $lines[-1]
    set -e lines[-1]
    if test "$directive" = ":files"
        __fish_complete_path "$cur"
        return
    end
    printf '%s\\n' $lines
end

complete -c hepctl -f -a '(__hepctl_complete)'
`

const POWERSHELL = `# PowerShell completion for hepctl
# Load it now:              hepctl completion powershell | Out-String | Invoke-Expression
# Or for every new shell:   add that line to $PROFILE

Register-ArgumentCompleter -Native -CommandName hepctl -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $elements = @($commandAst.CommandElements | Where-Object { $_.Extent.StartOffset -lt $cursorPosition } | ForEach-Object { $_.ToString() })
    $program = $elements[0]
    $words = @($elements | Select-Object -Skip 1)
    if ($wordToComplete -eq '') { $words += '' }
    $lines = @(& $program __complete -- @words 2>$null)
    if ($lines.Count -lt 2 -or $lines[-1] -eq ':files') { return }
    $lines[0..($lines.Count - 2)] | ForEach-Object {
        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
    }
}
`

export const COMPLETION_SCRIPTS = {bash: BASH, zsh: ZSH, fish: FISH, powershell: POWERSHELL} as const

export type CompletionShell = keyof typeof COMPLETION_SCRIPTS
