using System.Net;
using System.Text.Json;
using ContentApi.Articles;
using ContentApi.Bylines;
using ContentApi.Persistence;
using ContentApi.Persistence.Seed;
using ContentApi.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.Persistence;

/// <summary>
/// The sample newsroom a fresh install starts with: loaded once, complete enough to draw a page,
/// and never loaded twice. This class only reads, so the sample is all its database holds.
/// </summary>
public sealed class SampleContentTests(SampleContentFactory sample) : IClassFixture<SampleContentFactory>
{
    private const string Flagship = "mali-defends-russia-partnership-during-lavrov-visit";

    [Fact]
    public async Task SampleHasAboutADozenArticlesAcrossFourSections()
    {
        var client = sample.CreateClient();

        var articles = await ListAllAsync<ArticleListItem>(client, "articles");

        Assert.InRange(articles.Count, 10, 15);
        Assert.Equal(["Business", "Science", "Sport", "World"], articles.Select(a => a.Section).Distinct().Order());
        Assert.All(articles, a => Assert.True(Slugs.IsValid(a.Slug), $"'{a.Slug}' is not a valid slug"));
    }

    [Fact]
    public async Task EverySampleBylineHasABio()
    {
        var client = sample.CreateClient();

        var bylines = await ListAllAsync<BylineResponse>(client, "bylines");

        Assert.NotEmpty(bylines);
        Assert.All(bylines, b => Assert.False(string.IsNullOrWhiteSpace(b.Bio), $"{b.Slug} has no bio"));
    }

    [Fact]
    public async Task FlagshipArticleComesWithBylinesTagsAndEntitiesInOneRequest()
    {
        var client = sample.CreateClient();

        using var response = await client.GetAsync($"/v1/articles/{Flagship}");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var article = await response.ReadAsync<ArticleResponse>();
        Assert.Equal(Flagship, article.Slug);
        Assert.Equal("World", article.Section);
        Assert.Equal(ArticleStatus.Published, article.Status);
        Assert.Equal(
            [("elise-marchand-toure", BylineCredit.Writer), ("tomas-verhoeven", BylineCredit.Reporting)],
            article.Bylines.Select(b => (b.Byline.Slug, b.Role)));
        Assert.All(article.Bylines, b => Assert.False(string.IsNullOrWhiteSpace(b.Byline.Bio)));
        Assert.Contains(article.Tags, t => t.Slug == "russia-in-africa");
        var entities = article.Entities.Select(e => e.Name).ToList();
        Assert.Contains("Mali", entities);
        Assert.Contains("Wagner Group", entities);
        Assert.Contains("Sergei Lavrov", entities);
    }

    [Fact]
    public async Task FlagshipBodyIsRenderedToHtmlAndText()
    {
        var client = sample.CreateClient();

        using var response = await client.GetAsync($"/v1/articles/{Flagship}");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var article = await response.ReadAsync<ArticleResponse>();
        Assert.StartsWith("<", article.Body.Html, StringComparison.Ordinal);
        Assert.Contains("<p>", article.Body.Html, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(article.Body.Text));
        Assert.DoesNotContain("<", article.Body.Text, StringComparison.Ordinal);
        Assert.Contains("\n\n", article.Body.Text, StringComparison.Ordinal);
        Assert.True(article.WordCount > 200, $"wordCount is {article.WordCount}");
        Assert.InRange(article.ReadingTimeMinutes, 1, 10);
    }

    [Fact]
    public async Task HealthEndpointSaysHealthy()
    {
        var client = sample.CreateClient();

        using var response = await client.GetAsync("/health/ready");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal("healthy", System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task LoadingIntoADatabaseThatHasContentReturnsFalseAndAddsNothing()
    {
        using var factory = new SampleContentFactory();
        var client = factory.CreateClient();
        var before = await CountAllAsync(client);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        var loaded = await SampleNewsroom.LoadAsync(db, scope.ServiceProvider.GetRequiredService<ContentApi.Transfer.ContentImporter>(), CancellationToken.None);

        Assert.False(loaded);
        Assert.Equal(before, await CountAllAsync(client));
        Assert.Equal(before.Articles, await db.Articles.CountAsync());
    }

    [Fact]
    public async Task RestartingOnTheSameDatabaseDoesNotDuplicateTheSample()
    {
        using var first = new SampleContentFactory();
        var before = await CountAllAsync(first.CreateClient());
        Assert.True(before.Articles > 0, "the first start loaded no sample");

        using var second = new SampleContentFactory { Database = first.Database };
        var after = await CountAllAsync(second.CreateClient());

        Assert.Equal(before, after);
        using var flagship = await second.CreateClient().GetAsync($"/v1/articles/{Flagship}");
        await flagship.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WithoutSampleContentNoSampleArticleExists()
    {
        using var empty = new ContentApiFactory();
        var client = empty.CreateClient();

        using var flagship = await client.GetAsync($"/v1/articles/{Flagship}");

        await flagship.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(new Counts(0, 0, 0, 0), await CountAllAsync(client));
    }

    private sealed record Counts(int Articles, int Bylines, int Tags, int Entities);

    private static async Task<Counts> CountAllAsync(HttpClient client) => new(
        (await ListAllAsync<JsonElement>(client, "articles")).Count,
        (await ListAllAsync<JsonElement>(client, "bylines")).Count,
        (await ListAllAsync<JsonElement>(client, "tags")).Count,
        (await ListAllAsync<JsonElement>(client, "entities")).Count);

    /// <summary>Every item of a list, following <c>next</c> to the last page.</summary>
    private static async Task<List<T>> ListAllAsync<T>(HttpClient client, string resource)
    {
        var items = new List<T>();
        for (string? url = $"/v1/{resource}?limit=100"; url is not null;)
        {
            using var response = await client.GetAsync(url);
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var page = await response.ReadAsync<Page<T>>();
            items.AddRange(page.Items);
            url = page.Next;
        }

        return items;
    }
}
