using System.CommandLine;

namespace AssumeRoleCli.Cli;

/// <summary>
/// Lets the options every command shares (--region, --output, --state) come before the command name, as in
/// <c>assumerole --region us-east-2 teardown</c>: they are moved right after it, so each command keeps binding its
/// own option. Anything else stays where it is (and an option the command lacks is still reported as unknown).
/// </summary>
internal static class CommonOptionOrder
{
    public static string[] Normalize(IReadOnlyList<string> args, Command root)
    {
        // Directives ([suggest:N] ...) carry a command line as data: leave them alone.
        if (args.Count == 0 || args[0].StartsWith('['))
        {
            return [.. args];
        }

        var moved = new List<string>();
        var movedNames = new List<string>();
        var kept = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (root.Subcommands.FirstOrDefault(c => c.Name == arg || c.Aliases.Contains(arg)) is { } command)
            {
                var hoisted = moved.Count > 0 && movedNames.All(name => command.Options.Any(o => o.Name == name || o.Aliases.Contains(name)));
                return hoisted ? [.. kept, arg, .. moved, .. args.Skip(i + 1)] : [.. args];
            }

            if (arg == "--")
            {
                break;
            }

            if (GlobalOptions.CommonWithValue.Contains(arg) && i + 1 < args.Count)
            {
                movedNames.Add(arg);
                moved.Add(arg);
                moved.Add(args[++i]);
            }
            else if (arg.Split('=', 2) is [var name, _] && GlobalOptions.CommonWithValue.Contains(name))
            {
                movedNames.Add(name);
                moved.Add(arg);
            }
            else
            {
                kept.Add(arg);
            }
        }

        return [.. args];
    }
}
