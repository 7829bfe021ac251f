namespace AssumeRoleCli.Cli;

/// <summary>
/// Tab completion for bash, zsh, fish and PowerShell. Each script hands the line up to the cursor to assumerole's own
/// System.CommandLine <c>[suggest:N]</c> directive (N = the cursor position), which prints one candidate per line.
/// </summary>
public static class CompletionScripts
{
    public static readonly IReadOnlyList<string> Shells = ["bash", "zsh", "fish", "powershell"];

    public static string For(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "fish" => Fish,
        "powershell" => PowerShell,
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "Not a supported shell."),
    };

    private const string Bash = """
        # bash completion for assumerole. Load it with: source <(assumerole completion bash)
        _assumerole_complete() {
            local IFS=$'\n'
            local line="${COMP_LINE:0:COMP_POINT}"
            local candidates
            candidates=$("${COMP_WORDS[0]}" "[suggest:${#line}]" "$line" 2>/dev/null) || return 0
            COMPREPLY=($(compgen -W "$candidates" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _assumerole_complete assumerole

        """;

    private const string Zsh = """
        #compdef assumerole
        # zsh completion for assumerole. Load it with: source <(assumerole completion zsh)
        # or save it as _assumerole in a directory of $fpath.
        _assumerole() {
            local line="${(j: :)words[1,CURRENT]}"
            local -a candidates
            candidates=(${(f)"$(${words[1]} "[suggest:${#line}]" "$line" 2>/dev/null)"})
            compadd -a candidates
        }
        if [[ "${funcstack[1]}" == "_assumerole" ]]; then
            _assumerole "$@"
        else
            compdef _assumerole assumerole
        fi

        """;

    private const string Fish = """
        # fish completion for assumerole. Load it with: assumerole completion fish | source
        # or save it as ~/.config/fish/completions/assumerole.fish
        function __assumerole_complete
            set -l line (commandline -cp)
            set -l program (commandline -opc)[1]
            $program "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null
        end
        complete -c assumerole -f -a '(__assumerole_complete)'

        """;

    private const string PowerShell = """
        # PowerShell completion for assumerole. Load it with: assumerole completion powershell | Out-String | Invoke-Expression
        # or add that line to $PROFILE.
        Register-ArgumentCompleter -Native -CommandName assumerole -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $line = $commandAst.ToString()
            $cursor = $cursorPosition - $commandAst.Extent.StartOffset
            if ($cursor -lt $line.Length) { $line = $line.Substring(0, $cursor) } else { $line = $line.PadRight($cursor) }
            $program = $commandAst.CommandElements[0].ToString()
            & $program "[suggest:$($line.Length)]" "$line" 2>$null |
                Where-Object { $_ -like "$wordToComplete*" } |
                ForEach-Object { [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_) }
        }

        """;
}
