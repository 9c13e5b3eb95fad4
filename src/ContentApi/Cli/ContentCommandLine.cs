using System.CommandLine;

namespace ContentApi.Cli;

/// <summary>What a command needs of the app before it runs.</summary>
public enum AppNeeds
{
    /// <summary>The endpoints only (openapi): no background work, a database never opened.</summary>
    Endpoints,

    /// <summary>The services, the database as it is on disk (backup, restore): nothing migrates it first.</summary>
    UnmigratedDatabase,

    /// <summary>The services over a migrated database (import, export, keys).</summary>
    MigratedDatabase,
}

/// <summary>
/// The command line: `ContentApi COMMAND ...` runs one command and exits; no command serves the API. Every command has
/// --help. Exit codes: 0 done, 1 the command ran and failed (an invalid import, an unknown key, an unhealthy service),
/// 2 the command line was wrong (the error and a pointer to --help go to standard error).
/// </summary>
public static class ContentCommandLine
{
    public const int Done = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    private static readonly string[] HelpTokens = ["-h", "--help", "-?", "/?", "/h"];

    /// <summary>Whether <paramref name="args"/> name a command (or ask for help) rather than settings for the web service.</summary>
    public static bool IsCommand(string[] args) =>
        args is [var first, ..] && (HelpTokens.Contains(first) || Build(_ => throw new InvalidOperationException(), Console.Out, interactive: false)
            .Subcommands.Any(c => c.Name == first));

    /// <summary>Parses <paramref name="args"/> and runs the command they name, building the app as the command needs it.</summary>
    /// <param name="app">Builds the app (once) for what the command needs; commands that need none (healthcheck, --help) never call it.</param>
    /// <param name="interactive">Whether <paramref name="output"/> is a terminal, where progress is drawn live rather than printed as lines.</param>
    public static async Task<int> RunAsync(
        string[] args, Func<AppNeeds, Task<IHost>> app, TextWriter output, TextWriter error, bool interactive, CancellationToken ct = default)
    {
        var parsed = Build(app, output, interactive).Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync(problem.Message);
            }

            await error.WriteLineAsync($"See '{CommandPath(parsed)} --help'.");
            return Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, ct);
    }

    private static RootCommand Build(Func<AppNeeds, Task<IHost>> app, TextWriter output, bool interactive) =>
        new("ContentApi: a headless content API for a newsroom. With no command it serves the API; with one it runs it and exits.")
        {
            TransferCommands.Import(app, output, interactive),
            TransferCommands.Export(app, output),
            KeyCommands.Keys(app, output),
            BackupCommands.Backup(app, output),
            BackupCommands.Restore(app, output),
            ServiceCommands.OpenApi(app, output),
            ServiceCommands.HealthCheck(),
        };

    /// <summary>The command line up to the command that failed to parse, for pointing at its help.</summary>
    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var command = parsed.CommandResult; command is not null; command = command.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, command.Command.Name);
        }

        names[0] = "ContentApi";
        return string.Join(' ', names);
    }
}
