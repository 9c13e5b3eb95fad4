using System.Text.Json.Nodes;
using ContentApi.Transfer;

namespace ContentApi.Tests.Transfer;

/// <summary>GET /v1/export: all content as NDJSON in the import format, so an export imports back as the same content.</summary>
public sealed class ExportTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task ReturnsNdjsonWithARecordKindOnEveryLine_IncludingEveryImportedRecord()
    {
        var client = api.CreateClient();
        var file = new NewsroomFile();
        await client.ImportAndReportAsync(file.ToString());

        var lines = (await client.ExportAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

        Assert.All(lines, line => Assert.True((string?)line["record"] is "byline" or "tag" or "entity" or "article", line.ToJsonString()));
        var exported = lines.Select(l => ((string?)l["record"], (string?)l["slug"])).ToHashSet();
        Assert.Subset(exported, file.Lines.Select(l => ((string?)l["record"], (string?)l["slug"])).ToHashSet());
        var pinning = lines.Single(l => (string?)l["slug"] == file.Pinning);
        Assert.Equal([file.Pinned], pinning["relatedArticles"]!.AsArray().Select(s => (string?)s));
        Assert.Equal([file.SecurityTag, file.DiplomacyTag], pinning["tags"]!.AsArray().Select(s => (string?)s));
    }

    [Fact]
    public async Task EveryArticleReadsTheSame_AfterExportingAndImportingIntoAnEmptyDatabase()
    {
        await using var source = new ContentApiFactory();
        var from = source.CreateClient();
        var file = new NewsroomFile();
        await from.ImportAndReportAsync(file.ToString());
        var export = await from.ExportAsync();

        await using var target = new ContentApiFactory();
        var to = target.CreateClient();
        var report = await to.ImportAndReportAsync(export);

        Assert.Equal(new ImportReport(Lines: 6, Created: 6, Updated: 0, Unchanged: 0), report);
        foreach (var slug in file.ArticleSlugs)
        {
            var before = TransferTestHelpers.WithoutIdsAndRowTimes(await from.GetJsonAsync($"/v1/articles/{slug}"));
            var after = TransferTestHelpers.WithoutIdsAndRowTimes(await to.GetJsonAsync($"/v1/articles/{slug}"));
            Assert.True(JsonNode.DeepEquals(before, after), $"Article {slug} differs after the round trip.\nBefore: {before}\nAfter:  {after}");
        }
    }

    [Fact]
    public async Task ImportingAnExportBackIntoTheSameDatabaseChangesNothing()
    {
        await using var own = new ContentApiFactory();
        var client = own.CreateClient();
        await client.ImportAndReportAsync(new NewsroomFile().ToString());
        // An article written through the API, not an import, with no explicit publication time.
        await client.CreateArticleAsync();
        var export = await client.ExportAsync();
        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        own.Clock.Advance(TimeSpan.FromMinutes(5));

        var report = await client.ImportAndReportAsync(export);

        Assert.Equal(new ImportReport(Lines: lines, Created: 0, Updated: 0, Unchanged: lines), report);
        Assert.Equal(export, await client.ExportAsync());
    }
}
