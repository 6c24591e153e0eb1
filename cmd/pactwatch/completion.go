package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
)

// completionCommands is the command table as the completion script sees it
// (set in init: the table holds runCompletion, which reads it).
var completionCommands []command

func init() { completionCommands = commands }

func runCompletion(ctx context.Context, e *env, args []string) error {
	f := newFlags("completion", "completion bash|zsh",
		"Print a shell completion script for pactwatch's commands, their flags, state\n"+
			"codes and file arguments. Load it in the current shell, or from your shell's\n"+
			"start-up file.",
		"  pactwatch completion bash > ~/.local/share/bash-completion/completions/pactwatch\n"+
			"  source <(pactwatch completion zsh)   # in ~/.zshrc, after compinit")
	rest, err := f.parse(e, args)
	if err != nil {
		return helpOrErr(err)
	}
	if len(rest) != 1 || (rest[0] != "bash" && rest[0] != "zsh") {
		return usageErrorf("completion: give the shell, bash or zsh, e.g. 'pactwatch completion bash'")
	}
	script := bashCompletion(ctx)
	if rest[0] == "zsh" {
		script = "#compdef pactwatch\n# pactwatch completion for zsh: the bash completion through bashcompinit.\nautoload -U +X bashcompinit && bashcompinit\n" + script
	}
	_, err = io.WriteString(e.stdout, script)
	return err
}

// commandFlags returns the flags of a command, as --name, read from its help.
func commandFlags(ctx context.Context, c command) []string {
	var out bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: io.Discard, getenv: func(string) string { return "" }}
	_ = c.run(ctx, e, []string{"--help"})
	var flags []string
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "  -") {
			name := strings.Fields(line)[0]
			flags = append(flags, "-"+name)
		}
	}
	return append(flags, "--help")
}

func bashCompletion(ctx context.Context) string {
	var names []string
	var cases strings.Builder
	for _, c := range completionCommands {
		names = append(names, c.name)
		if c.name == "completion" {
			continue
		}
		fmt.Fprintf(&cases, "    %s) flags=%q ;;\n", c.name, strings.Join(commandFlags(ctx, c), " "))
	}
	var states []string
	for _, code := range alpha2 {
		if code != "TLS" {
			states = append(states, code)
		}
	}
	sort.Strings(states)
	return fmt.Sprintf(`# pactwatch completion for bash: source it, or put it in
# ~/.local/share/bash-completion/completions/pactwatch
_pactwatch() {
  local cur prev cmd flags
  cur="${COMP_WORDS[COMP_CWORD]}"
  prev="${COMP_WORDS[COMP_CWORD-1]}"
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W %[1]q -- "$cur"))
    return
  fi
  cmd="${COMP_WORDS[1]}"
  case "$prev" in
    --db|-db|-o|--o|-f|--f) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --format|-format) COMPREPLY=($(compgen -W "table csv json xlsx" -- "$cur")); return ;;
    --basis|-basis) COMPREPLY=($(compgen -W "law practice either" -- "$cur")); return ;;
    --state|-state) COMPREPLY=($(compgen -W %[2]q -- "${cur^^}")); return ;;
    --kind|-kind) COMPREPLY=($(compgen -W "INSTRUMENT PROVISION OBLIGATION LAW EVIDENCE SOURCE" -- "${cur^^}")); return ;;
    --role|-role) COMPREPLY=($(compgen -W "curator editor admin" -- "$cur")); return ;;
  esac
  case "$cmd" in
%[3]s    completion) COMPREPLY=($(compgen -W "bash zsh" -- "$cur")); return ;;
    help) COMPREPLY=($(compgen -W %[1]q -- "$cur")); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
    return
  fi
  case "$cmd" in
    gaps|compare) COMPREPLY=($(compgen -W %[2]q -- "${cur^^}")) ;;
    ingest|validate|backup|restore) COMPREPLY=($(compgen -f -- "$cur")) ;;
    keys) [[ $COMP_CWORD -eq 2 ]] && COMPREPLY=($(compgen -W "create list revoke" -- "$cur")) ;;
  esac
}
complete -o default -F _pactwatch pactwatch
`, strings.Join(append(names, "help"), " "), strings.Join(states, " "), cases.String())
}
