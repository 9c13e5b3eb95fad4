using ContentApi.Transfer;

namespace ContentApi.Tests.Transfer;

/// <summary>`import FILE` and `export FILE` on the command line (TransferCommands), against the factory's database.</summary>
public sealed class TransferCommandTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task ImportPrintsTheLineCountAndReturns0_WhenTheFileIsValid()
    {
        var file = new NewsroomFile();
        using var path = new TempFile(file.ToString());
        using var output = new StringWriter();

        var exitCode = await TransferCommands.RunAsync(api.Services, ["import", path.Path], output);

        Assert.Equal(0, exitCode);
        Assert.StartsWith("Imported 6 lines", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("6 created, 0 updated, 0 unchanged", output.ToString(), StringComparison.Ordinal);
        var article = await api.CreateClient().GetJsonAsync($"/v1/articles/{file.Pinning}");
        Assert.Equal(file.Pinned, (string?)article["relatedArticles"]![0]!["slug"]);
    }

    [Fact]
    public async Task ImportPrintsLineErrorsAndReturns1_AndWritesNothing_WhenTheFileIsInvalid()
    {
        var file = new NewsroomFile();
        file.Line(5).Remove("headline");
        using var path = new TempFile(file.ToString());
        using var output = new StringWriter();

        var exitCode = await TransferCommands.RunAsync(api.Services, ["import", path.Path], output);

        Assert.Equal(1, exitCode);
        Assert.Contains("lines[5].headline: ", output.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("Nothing was imported." + Environment.NewLine, output.ToString(), StringComparison.Ordinal);
        await api.CreateClient().ShouldBeNotFoundAsync($"/v1/bylines/{file.Byline}");
        await api.CreateClient().ShouldBeNotFoundAsync($"/v1/articles/{file.Pinned}");
    }

    [Fact]
    public async Task ExportWritesAFileThatImportsIntoAnEmptyDatabase()
    {
        var file = new NewsroomFile();
        await api.CreateClient().ImportAndReportAsync(file.ToString());
        using var path = new TempFile("");
        using var output = new StringWriter();

        var exitCode = await TransferCommands.RunAsync(api.Services, ["export", path.Path], output);

        Assert.Equal(0, exitCode);
        Assert.StartsWith("Exported to ", output.ToString(), StringComparison.Ordinal);
        await using var empty = new ContentApiFactory();
        var lines = (await File.ReadAllLinesAsync(path.Path)).Count(l => l.Length > 0);
        var report = await empty.CreateClient().ImportAndReportAsync(await File.ReadAllTextAsync(path.Path));
        Assert.Equal(new ImportReport(Lines: lines, Created: lines, Updated: 0, Unchanged: 0), report);
        var article = await empty.CreateClient().GetJsonAsync($"/v1/articles/{file.Pinning}");
        Assert.Equal(file.Pinned, (string?)article["relatedArticles"]![0]!["slug"]);
    }

    private sealed class TempFile : IDisposable
    {
        public TempFile(string contents)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"contentapi-transfer-{Guid.NewGuid():N}.ndjson");
            File.WriteAllText(Path, contents);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}
