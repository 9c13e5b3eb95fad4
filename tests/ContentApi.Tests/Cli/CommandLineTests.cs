using ContentApi.Cli;

namespace ContentApi.Tests.Cli;

/// <summary>The command line itself: help for every command, usage errors, and the dispatch between commands and serving.</summary>
public sealed class CommandLineTests
{
    public static TheoryData<string[]> Commands =>
    [
        ["import"], ["export"], ["keys"], ["keys", "create"], ["keys", "list"], ["keys", "revoke"],
        ["backup"], ["restore"], ["openapi"], ["healthcheck"],
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task EveryCommandPrintsItsHelp_AndExits0_WithoutBuildingTheApp(string[] command)
    {
        var run = await CommandLine.RunWithoutAppAsync([.. command, "--help"]);

        Assert.Equal(ContentCommandLine.Done, run.ExitCode);
        // The usage line names the program as it was started ("ContentApi" when run, the test host here), then the command.
        Assert.Matches($@"Usage:\s+\S+ {string.Join(' ', command)}\b", run.Output);
        Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
        Assert.Contains("Description:", run.Output, StringComparison.Ordinal);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task TheTopLevelHelpListsEveryCommand()
    {
        var run = await CommandLine.RunWithoutAppAsync("--help");

        Assert.Equal(ContentCommandLine.Done, run.ExitCode);
        foreach (var command in new[] { "import", "export", "keys", "backup", "restore", "openapi", "healthcheck" })
        {
            Assert.Contains($"  {command}", run.Output, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string[], string> WrongCommandLines => new()
    {
        { ["import"], "Required argument missing" },
        { ["import", "/no/such/file.ndjson"], "does not exist" },
        { ["import", "content.ndjson", "--from", "xml"], "'xml' not recognized" },
        { ["import", "content.ndjson", "extra"], "Unrecognized command or argument 'extra'" },
        { ["keys"], "Required command was not provided" },
        { ["restore"], "Required argument missing" },
    };

    [Theory]
    [MemberData(nameof(WrongCommandLines))]
    public async Task AWrongCommandLineExits2_WithTheErrorAndWhereToFindHelp_OnStandardError(string[] args, string error)
    {
        var run = await CommandLine.RunWithoutAppAsync(args);

        Assert.Equal(ContentCommandLine.Usage, run.ExitCode);
        Assert.Contains(error, run.Error, StringComparison.Ordinal);
        Assert.Contains("--help'", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }

    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5099" }, false)]
    [InlineData(new[] { "--ConnectionStrings:Content=Data Source=x.db" }, false)]
    [InlineData(new[] { "import", "x.ndjson" }, true)]
    [InlineData(new[] { "keys", "list" }, true)]
    [InlineData(new[] { "--help" }, true)]
    public void ArgumentsThatNameNoCommandServeTheApi(string[] args, bool isCommand) =>
        Assert.Equal(isCommand, ContentCommandLine.IsCommand(args));
}
