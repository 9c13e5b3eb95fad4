using System.Net;
using System.Text.Json.Nodes;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Transfer;

namespace ContentApi.Tests.Transfer;

/// <summary>
/// POST /v1/import: NDJSON records matched by slug; every line is checked before anything is written,
/// and importing the same file twice changes nothing.
/// </summary>
public sealed class ImportTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task Returns200WithCounts_AndArticlesReadBackWithTheirReferences_WhenTheFileIsValid()
    {
        var client = api.CreateClient();
        var file = new NewsroomFile();

        var report = await client.ImportAndReportAsync(file.ToString());

        Assert.Equal(new ImportReport(Lines: 6, Created: 6, Updated: 0, Unchanged: 0), report);
        using var response = await client.GetAsync($"/v1/articles/{file.Pinning}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var article = await response.ReadAsync<ArticleResponse>();
        Assert.Equal("Mali defends its security partnership as talks open in Bamako", article.Headline);
        Assert.Equal(ArticleStatus.Published, article.Status);
        Assert.Equal(new DateTime(2026, 10, 14, 8, 30, 0, DateTimeKind.Utc), article.PublishedAt);
        var byline = Assert.Single(article.Bylines);
        Assert.Equal((file.Byline, BylineCredit.Writer, "Awa Diallo"), (byline.Byline.Slug, byline.Role, byline.Byline.Name));
        Assert.Equal([file.SecurityTag, file.DiplomacyTag], article.Tags.Select(t => t.Slug));
        Assert.Equal([file.Entity], article.Entities.Select(e => e.Slug));
        Assert.Equal([file.Pinned], article.RelatedArticles.Select(r => r.Slug));
        Assert.Contains($"<strong>{file.Word}</strong>", article.Body.Html, StringComparison.Ordinal);
        Assert.True(article.Syndication.Allowed);
        Assert.Equal($"https://images.example.com/articles/{file.Pinning}.jpg", article.FeaturedImage?.Url);

        var pinned = await client.GetJsonAsync($"/v1/articles/{file.Pinned}");
        Assert.Equal(file.Pinned, (string?)pinned["slug"]);
    }

    [Fact]
    public async Task ImportedArticleIsFoundBySearchingAWordOfItsBody()
    {
        var client = api.CreateClient();
        var file = new NewsroomFile();
        await client.ImportAndReportAsync(file.ToString());

        using var response = await client.GetAsync($"/v1/articles?q={file.Word}");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var page = await response.ReadAsync<ArticleList>();
        Assert.Equal([file.Pinning], page.Items.Select(i => i.Slug));
    }

    [Fact]
    public async Task ReportsEveryLineUnchanged_AndChangesNothing_WhenTheSameFileIsImportedAgain()
    {
        var client = api.CreateClient();
        var file = new NewsroomFile();
        await client.ImportAndReportAsync(file.ToString());
        var etagsBefore = await ETagsAsync(client, file);
        api.Clock.Advance(TimeSpan.FromMinutes(5));

        var report = await client.ImportAndReportAsync(file.ToString());

        Assert.Equal(new ImportReport(Lines: 6, Created: 0, Updated: 0, Unchanged: 6), report);
        Assert.Equal(etagsBefore, await ETagsAsync(client, file));
    }

    [Fact]
    public async Task ReportsEveryLineUnchanged_WhenReimportingArticlesThatLeaveOptionalFieldsOut()
    {
        // The smallest lines an editor might write: no publishAt (published now), no syndication, a draft.
        var client = api.CreateClient();
        var (byline, published, draft) = (TestData.Unique("byline"), TestData.Unique("article"), TestData.Unique("article"));
        var ndjson = string.Concat(new[]
        {
            new JsonObject { ["record"] = "byline", ["slug"] = byline, ["name"] = "Sam Okoro" },
            new JsonObject
            {
                ["record"] = "article", ["slug"] = published, ["headline"] = "Rains return to the Sahel", ["body"] = "It rained.",
                ["section"] = "World", ["status"] = "published", ["bylines"] = new JsonArray(new JsonObject { ["byline"] = byline }),
            },
            new JsonObject { ["record"] = "article", ["slug"] = draft, ["headline"] = "A draft", ["body"] = "Not yet.", ["section"] = "World" },
        }.Select(line => line.ToJsonString() + "\n"));
        Assert.Equal(new ImportReport(3, 3, 0, 0), await client.ImportAndReportAsync(ndjson));
        var etagBefore = await ETagAsync(client, $"/v1/articles/{published}");
        api.Clock.Advance(TimeSpan.FromMinutes(5));

        var report = await client.ImportAndReportAsync(ndjson);

        Assert.Equal(new ImportReport(Lines: 3, Created: 0, Updated: 0, Unchanged: 3), report);
        Assert.Equal(etagBefore, await ETagAsync(client, $"/v1/articles/{published}"));
    }

    [Fact]
    public async Task UpdatesOnlyTheChangedArticle_WhenOneHeadlineChangesInTheFile()
    {
        var client = api.CreateClient();
        var file = new NewsroomFile();
        await client.ImportAndReportAsync(file.ToString());
        file.Line(6)["headline"] = "A new headline for the explainer";

        var report = await client.ImportAndReportAsync(file.ToString());

        Assert.Equal(new ImportReport(Lines: 6, Created: 0, Updated: 1, Unchanged: 5), report);
        var article = await client.GetJsonAsync($"/v1/articles/{file.Pinned}");
        Assert.Equal("A new headline for the explainer", (string?)article["headline"]);
        var pinning = await client.GetJsonAsync($"/v1/articles/{file.Pinning}");
        Assert.Equal("A new headline for the explainer", (string?)pinning["relatedArticles"]![0]!["headline"]);
    }

    [Fact]
    public async Task Returns400WithErrorsByLineNumber_AndWritesNothing_WhenAnyLineIsInvalid()
    {
        var client = api.CreateClient();
        var (byline, tag, unknownTag) = (TestData.Unique("byline"), TestData.Unique("tag"), TestData.Unique("tag"));
        var (noHeadline, badTag, valid) = (TestData.Unique("article"), TestData.Unique("article"), TestData.Unique("article"));
        static JsonObject Draft(string? slug, string? headline, params string[] tags)
        {
            var line = new JsonObject { ["record"] = "article", ["body"] = "Text.", ["section"] = "World", ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]) };
            if (slug is not null)
            {
                line["slug"] = slug;
            }

            if (headline is not null)
            {
                line["headline"] = headline;
            }

            return line;
        }

        string[] lines =
        [
            new JsonObject { ["record"] = "byline", ["slug"] = byline, ["name"] = "Sam Okoro" }.ToJsonString(),
            new JsonObject { ["record"] = "tag", ["slug"] = tag, ["name"] = "Floods" }.ToJsonString(),
            Draft(noHeadline, headline: null).ToJsonString(),
            Draft(badTag, "Refers to a tag nobody made", unknownTag).ToJsonString(),
            "{\"record\": \"tag\", \"slug\": ",
            new JsonObject { ["record"] = "widget", ["slug"] = TestData.Unique("widget") }.ToJsonString(),
            new JsonObject { ["record"] = "tag", ["slug"] = tag, ["name"] = "Floods again" }.ToJsonString(),
            Draft(slug: null, "An article with no slug").ToJsonString(),
            Draft(valid, "A valid draft using the file's tag", tag).ToJsonString(),
        ];

        using var response = await client.ImportAsync(string.Join('\n', lines) + "\n");

        var errors = await response.ShouldBeValidationProblemAsync();
        Assert.Equal(
            ["lines[3].headline", "lines[4].tags[0]", "lines[5]", "lines[6]", "lines[7].slug", "lines[8].slug"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(unknownTag, errors["lines[4].tags[0]"][0], StringComparison.Ordinal);
        await client.ShouldBeNotFoundAsync($"/v1/bylines/{byline}");
        await client.ShouldBeNotFoundAsync($"/v1/tags/{tag}");
        await client.ShouldBeNotFoundAsync($"/v1/articles/{valid}");
        await client.ShouldBeNotFoundAsync($"/v1/articles/{badTag}");
    }

    [Fact]
    public async Task Returns400ForAnArticleWhoseSlugIsAnotherArticlesFormerSlug_AndWritesNothing()
    {
        // A former slug still leads to its article, so a new article cannot take it: the check says so by line, before
        // anything is written, rather than the write stopping at that article.
        var client = api.CreateClient();
        var renamed = await client.CreateArticleAsync();
        using (var patch = await client.MergePatchAsync($"/v1/articles/{renamed.Id}", $$"""{"slug": "{{TestData.Unique("renamed")}}"}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var (tag, fresh) = (TestData.Unique("tag"), TestData.Unique("article"));
        string[] lines =
        [
            new JsonObject { ["record"] = "tag", ["slug"] = tag, ["name"] = "Harvests" }.ToJsonString(),
            new JsonObject { ["record"] = "article", ["slug"] = fresh, ["headline"] = "A new article", ["body"] = "Text.", ["section"] = "World" }.ToJsonString(),
            new JsonObject { ["record"] = "article", ["slug"] = renamed.Slug, ["headline"] = "Takes a former slug", ["body"] = "Text.", ["section"] = "World" }.ToJsonString(),
        ];

        using var response = await client.ImportAsync(string.Join('\n', lines) + "\n");

        var errors = await response.ShouldBeValidationProblemAsync();
        Assert.Equal(["lines[3].slug"], errors.Keys);
        Assert.Contains(renamed.Slug, errors["lines[3].slug"][0], StringComparison.Ordinal);
        await client.ShouldBeNotFoundAsync($"/v1/tags/{tag}");
        await client.ShouldBeNotFoundAsync($"/v1/articles/{fresh}");
    }

    [Fact]
    public async Task Returns415Problem_WhenTheRecordsAreSentAsJson()
    {
        var file = new NewsroomFile();

        using var response = await api.CreateClient().ImportAsync(file.ToString(), "application/json");

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await api.CreateClient().ShouldBeNotFoundAsync($"/v1/bylines/{file.Byline}");
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(ApiRole.Reader, HttpStatusCode.Forbidden)]
    [InlineData(ApiRole.Partner, HttpStatusCode.Forbidden)]
    public async Task RefusesCallersWhoAreNotEditors(ApiRole? role, HttpStatusCode expected)
    {
        var file = new NewsroomFile();
        using var client = api.CreateClientFor(role);

        using var import = await client.ImportAsync(file.ToString());
        using var export = await client.GetAsync("/v1/export");

        await import.ShouldBeProblemAsync(expected);
        await export.ShouldBeProblemAsync(expected);
        await api.CreateClient().ShouldBeNotFoundAsync($"/v1/bylines/{file.Byline}");
    }

    private static async Task<string[]> ETagsAsync(HttpClient client, NewsroomFile file) =>
    [
        await ETagAsync(client, $"/v1/articles/{file.Pinning}"),
        await ETagAsync(client, $"/v1/articles/{file.Pinned}"),
        await ETagAsync(client, $"/v1/bylines/{file.Byline}"),
        await ETagAsync(client, $"/v1/tags/{file.SecurityTag}"),
        await ETagAsync(client, $"/v1/entities/{file.Entity}"),
    ];

    private static async Task<string> ETagAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return response.Headers.ETag?.Tag ?? throw new InvalidOperationException($"{url} has no ETag.");
    }
}
