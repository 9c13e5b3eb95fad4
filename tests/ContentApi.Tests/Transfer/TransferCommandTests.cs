using System.Text.Json.Nodes;
using ContentApi.Cli;
using ContentApi.Tests.Cli;
using ContentApi.Transfer;

namespace ContentApi.Tests.Transfer;

/// <summary>`import FILE` and `export FILE` on the command line, against the factory's database.</summary>
public sealed class TransferCommandTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task ImportPrintsTheLineCountAndReturns0_WhenTheFileIsValid()
    {
        var file = new NewsroomFile();
        using var path = new TempFile(file.ToString());

        var run = await api.RunAsync("import", path.Path);

        Assert.Equal(ContentCommandLine.Done, run.ExitCode);
        Assert.StartsWith("Imported 6 lines", run.Lines[^1], StringComparison.Ordinal);
        Assert.Contains("6 created, 0 updated, 0 unchanged", run.Output, StringComparison.Ordinal);
        var article = await api.CreateClient().GetJsonAsync($"/v1/articles/{file.Pinning}");
        Assert.Equal(file.Pinned, (string?)article["relatedArticles"]![0]!["slug"]);
    }

    [Fact]
    public async Task ImportTakesTheFormatWithFrom()
    {
        var file = new NewsroomFile();
        using var path = new TempFile(file.ToString());

        var run = await api.RunAsync("import", "--from", "ndjson", path.Path);

        Assert.Equal(ContentCommandLine.Done, run.ExitCode);
        await api.CreateClient().GetJsonAsync($"/v1/articles/{file.Pinned}");
    }

    [Fact]
    public async Task ImportPrintsLineErrorsAndReturns1_AndWritesNothing_WhenTheFileIsInvalid()
    {
        var file = new NewsroomFile();
        file.Line(5).Remove("headline");
        using var path = new TempFile(file.ToString());

        var run = await api.RunAsync("import", path.Path);

        Assert.Equal(ContentCommandLine.Failed, run.ExitCode);
        Assert.Contains("lines[5].headline: ", run.Output, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was imported." + Environment.NewLine, run.Output, StringComparison.Ordinal);
        await api.CreateClient().ShouldBeNotFoundAsync($"/v1/bylines/{file.Byline}");
        await api.CreateClient().ShouldBeNotFoundAsync($"/v1/articles/{file.Pinned}");
    }

    [Fact]
    public async Task ImportWritesNothing_WhenOnlyTheLastLineIsInvalid()
    {
        // Every line but the last is valid, and more than a batch of them: the check must reach the end before anything is written.
        var file = new NewsroomFile();
        var extra = Enumerable.Range(0, 600).Select(i => new JsonObject
        {
            ["record"] = "tag", ["slug"] = TestData.Unique($"bulk-{i}"), ["name"] = $"Bulk {i}",
        }.ToJsonString());
        var lastIsBroken = file + string.Join('\n', extra) + "\n{\"record\": \"article\", \"slug\": \"half-a-line\", ";
        using var path = new TempFile(lastIsBroken);

        var run = await api.RunAsync("import", path.Path);

        Assert.Equal(ContentCommandLine.Failed, run.ExitCode);
        Assert.Contains("lines[607]: ", run.Output, StringComparison.Ordinal);
        await api.CreateClient().ShouldBeNotFoundAsync($"/v1/bylines/{file.Byline}");
        await api.CreateClient().ShouldBeNotFoundAsync($"/v1/tags/{file.SecurityTag}");
        await api.CreateClient().ShouldBeNotFoundAsync($"/v1/articles/{file.Pinning}");
    }

    [Fact]
    public async Task ImportProgress_OnARedirectedStream_IsPlainLinesWithNoEscapeCodes()
    {
        var file = new NewsroomFile();
        using var path = new TempFile(file.ToString());

        var run = await api.RunAsync("import", path.Path);

        Assert.Equal(ContentCommandLine.Done, run.ExitCode);
        Assert.DoesNotContain('\u001b', run.Output);
        Assert.DoesNotContain('\r', run.Output.Replace(Environment.NewLine, "\n", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith("Checking: 6 lines", StringComparison.Ordinal));
        Assert.Contains(run.Lines, l => l.StartsWith("Writing: 6 of 6 lines (100%)", StringComparison.Ordinal));
        Assert.All(run.Lines, l => Assert.Matches("^(Checking|Writing|Imported) ?", l));
    }

    [Fact]
    public async Task ExportWritesAFileThatImportsIntoAnEmptyDatabase()
    {
        var file = new NewsroomFile();
        await api.CreateClient().ImportAndReportAsync(file.ToString());
        using var path = new TempFile("");

        var run = await api.RunAsync("export", path.Path);

        Assert.Equal(ContentCommandLine.Done, run.ExitCode);
        Assert.StartsWith("Exported to ", run.Output, StringComparison.Ordinal);
        await using var empty = new ContentApiFactory();
        var lines = (await File.ReadAllLinesAsync(path.Path)).Count(l => l.Length > 0);
        var report = await empty.CreateClient().ImportAndReportAsync(await File.ReadAllTextAsync(path.Path));
        Assert.Equal(new ImportReport(Lines: lines, Created: lines, Updated: 0, Unchanged: 0), report);
        var article = await empty.CreateClient().GetJsonAsync($"/v1/articles/{file.Pinning}");
        Assert.Equal(file.Pinned, (string?)article["relatedArticles"]![0]!["slug"]);
    }

    [Fact]
    public async Task ExportImportExport_GivesTheSameBytes()
    {
        await using var source = new ContentApiFactory();
        await source.CreateClient().ImportAndReportAsync(new NewsroomFile().ToString());
        await source.CreateClient().CreateArticleAsync();
        using var first = new TempFile("");
        using var second = new TempFile("");
        Assert.Equal(ContentCommandLine.Done, (await source.RunAsync("export", first.Path)).ExitCode);

        await using var target = new ContentApiFactory();
        Assert.Equal(ContentCommandLine.Done, (await target.RunAsync("import", first.Path)).ExitCode);
        Assert.Equal(ContentCommandLine.Done, (await target.RunAsync("export", second.Path)).ExitCode);

        var (before, after) = (await File.ReadAllBytesAsync(first.Path), await File.ReadAllBytesAsync(second.Path));
        Assert.True(before.Length > 0);
        Assert.Equal(before, after);
    }
}
