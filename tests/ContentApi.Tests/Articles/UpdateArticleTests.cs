using System.Net;
using ContentApi.Articles;
using ContentApi.Persistence;

namespace ContentApi.Tests.Articles;

/// <summary>PUT /v1/articles/{idOrSlug}: full replacement, optimistic concurrency and publication state.</summary>
public sealed class UpdateArticleTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task ReplacesFields()
    {
        var article = await _client.CreateArticleAsync();
        var byline = await _client.CreateBylineAsync("Replacement Reporter");
        var tag = await _client.CreateTagAsync("Replacement Tag");
        var replacement = new ArticleRequest(
            Slug: null,
            Headline: "A replaced headline",
            Standfirst: null,
            Body: "Replaced body.",
            Section: "Business",
            Status: ArticleStatus.Published,
            Language: "fr",
            CanonicalUrl: null,
            FeaturedImage: null,
            Syndication: null,
            Bylines: [new ArticleBylineRequest(byline.Id, BylineCredit.Editor)],
            TagIds: [tag.Id],
            EntityIds: null);

        using var response = await _client.PutArticleAsync(article.Id, replacement);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var (updated, _) = await _client.GetArticleAsync(article.Id);
        Assert.Equal(article.Slug, updated.Slug);
        Assert.Equal("A replaced headline", updated.Headline);
        Assert.Null(updated.Standfirst);
        Assert.Equal("Business", updated.Section);
        Assert.Equal("fr", updated.Language);
        Assert.Null(updated.CanonicalUrl);
        Assert.Null(updated.FeaturedImage);
        Assert.False(updated.Syndication.Allowed);
        var link = Assert.Single(updated.Bylines);
        Assert.Equal((byline.Id, BylineCredit.Editor), (link.Byline.Id, link.Role));
        Assert.Equal(tag.Id, Assert.Single(updated.Tags).Id);
        Assert.Empty(updated.Entities);
    }

    [Fact]
    public async Task RendersBodyAgainFromNewMarkdown()
    {
        var article = await _client.CreateArticleAsync();
        var markdown = $"## New section\n\n{ArticleTestHelpers.Words(250)}";

        using var response = await _client.PutArticleAsync(article.Id, article.ToRequest() with { Body = markdown });

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var (updated, _) = await _client.GetArticleAsync(article.Id);
        Assert.Equal(markdown, updated.Body.Markdown);
        Assert.Contains("<h2", updated.Body.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Bamako", updated.Body.Html, StringComparison.Ordinal);
        Assert.StartsWith("New section\n\nword word", updated.Body.Text, StringComparison.Ordinal);
        Assert.Equal(252, updated.WordCount);
        Assert.Equal(2, updated.ReadingTimeMinutes);
    }

    [Fact]
    public async Task Returns200WithNewETag_WhenIfMatchIsCurrent()
    {
        var article = await _client.CreateArticleAsync();
        var (_, etag) = await _client.GetArticleAsync(article.Id);

        using var response = await _client.PutArticleAsync(article.Id, article.ToRequest() with { Headline = "Checked write" }, etag);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var newETag = ArticleTestHelpers.ETagOf(response);
        Assert.NotEqual(etag, newETag);
        var (current, currentETag) = await _client.GetArticleAsync(article.Id);
        Assert.Equal("Checked write", current.Headline);
        Assert.Equal(newETag, currentETag);
    }

    [Fact]
    public async Task Returns412Problem_WhenIfMatchIsStale_AndChangesNothing()
    {
        var article = await _client.CreateArticleAsync();
        var (_, staleETag) = await _client.GetArticleAsync(article.Id);
        using (var other = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"headline": "Someone else's edit"}"""))
        {
            await other.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var response = await _client.PutArticleAsync(article.Id, article.ToRequest() with { Headline = "Lost update" }, staleETag);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var (current, _) = await _client.GetArticleAsync(article.Id);
        Assert.Equal("Someone else's edit", current.Headline);
    }

    [Fact]
    public async Task SecondWriterWithSameETag_Gets412()
    {
        var article = await _client.CreateArticleAsync();
        var (_, etag) = await _client.GetArticleAsync(article.Id);

        using var first = await _client.PutArticleAsync(article.Id, article.ToRequest() with { Headline = "First writer" }, etag);
        using var second = await _client.PutArticleAsync(article.Id, article.ToRequest() with { Headline = "Second writer" }, etag);

        await first.ShouldHaveStatusAsync(HttpStatusCode.OK);
        await second.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var (current, _) = await _client.GetArticleAsync(article.Id);
        Assert.Equal("First writer", current.Headline);
    }

    [Fact]
    public async Task ConcurrentWritersWithSameETag_OneWinsAndTheOtherGets412()
    {
        var article = await _client.CreateArticleAsync();
        var (_, etag) = await _client.GetArticleAsync(article.Id);
        string[] headlines = ["Writer A", "Writer B"];

        var writes = await Task.WhenAll(headlines.Select(h => _client.PutArticleAsync(article.Id, article.ToRequest() with { Headline = h }, etag)));

        var outcomes = new List<(string Headline, HttpStatusCode Status, string Body)>();
        for (var i = 0; i < writes.Length; i++)
        {
            using var write = writes[i];
            outcomes.Add((headlines[i], write.StatusCode, await write.Content.ReadAsStringAsync()));
        }

        var winners = outcomes.Where(o => o.Status == HttpStatusCode.OK).ToList();
        var losers = outcomes.Where(o => o.Status == HttpStatusCode.PreconditionFailed).ToList();
        Assert.True(winners.Count == 1 && losers.Count == 1,
            $"Expected one 200 and one 412, got: {string.Join(" | ", outcomes.Select(o => $"{(int)o.Status} {o.Body}"))}");
        var (current, _) = await _client.GetArticleAsync(article.Id);
        Assert.Equal(winners[0].Headline, current.Headline);
    }

    [Fact]
    public async Task Returns404Problem_WhenArticleDoesNotExist()
    {
        var request = await _client.NewArticleRequestAsync();

        using var response = await _client.PutArticleAsync("no-such-article-anywhere", request);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await _client.ShouldNotExistAsync(request.Slug!);
    }

    [Fact]
    public async Task Returns400_WhenArticleIsPinnedToItself()
    {
        var article = await _client.CreateArticleAsync();

        using var response = await _client.PutArticleAsync(article.Id, article.ToRequest() with { Headline = "Self-pinned", RelatedArticleIds = [article.Id] });

        (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("relatedArticleIds");
        var (current, _) = await _client.GetArticleAsync(article.Id);
        Assert.Equal(article.Headline, current.Headline);
        Assert.Empty(current.RelatedArticles);
    }

    [Fact]
    public async Task Returns409Problem_WhenSlugBelongsToAnotherArticle()
    {
        var other = await _client.CreateArticleAsync();
        var article = await _client.CreateArticleAsync();

        using var response = await _client.PutArticleAsync(article.Id, article.ToRequest() with { Slug = other.Slug });

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var (current, _) = await _client.GetArticleAsync(article.Id);
        Assert.Equal(article.Slug, current.Slug);
    }

    [Fact]
    public async Task PublishingDraft_SetsPublishedAtToNow()
    {
        var draft = await _client.CreateArticleAsync(await _client.NewArticleRequestAsync() with { Status = ArticleStatus.Draft });
        Assert.Null(draft.PublishedAt);
        api.Clock.Advance(TimeSpan.FromHours(3));

        using var response = await _client.PutArticleAsync(draft.Id, draft.ToRequest() with { Status = ArticleStatus.Published, PublishAt = null });

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var published = await response.ReadAsync<ArticleResponse>();
        Assert.Equal(ArticleStatus.Published, published.Status);
        Assert.Equal(api.Clock.GetUtcNow().UtcDateTime, published.PublishedAt);
        Assert.Null(published.PublishAt);
    }

    [Fact]
    public async Task PublishingWithPastPublishAt_BackDatesPublication()
    {
        var draft = await _client.CreateArticleAsync(await _client.NewArticleRequestAsync() with { Status = ArticleStatus.Draft });
        var backDated = api.Clock.GetUtcNow().UtcDateTime.AddDays(-3);

        using var response = await _client.PutArticleAsync(draft.Id, draft.ToRequest() with { Status = ArticleStatus.Published, PublishAt = backDated });

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var (published, _) = await _client.GetArticleAsync(draft.Id);
        Assert.Equal(ArticleStatus.Published, published.Status);
        Assert.Equal(backDated, published.PublishedAt);
    }

    [Fact]
    public async Task Scheduling_SetsPublishAtAndPublishedAtToRequestedTime()
    {
        var draft = await _client.CreateArticleAsync(await _client.NewArticleRequestAsync() with { Status = ArticleStatus.Draft });
        var goesLive = api.Clock.GetUtcNow().UtcDateTime.AddDays(2);

        using var response = await _client.PutArticleAsync(draft.Id, draft.ToRequest() with { Status = ArticleStatus.Scheduled, PublishAt = goesLive });

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var (scheduled, _) = await _client.GetArticleAsync(draft.Id);
        Assert.Equal(ArticleStatus.Scheduled, scheduled.Status);
        Assert.Equal(goesLive, scheduled.PublishAt);
        Assert.Equal(goesLive, scheduled.PublishedAt);
    }

    [Fact]
    public async Task ReturningToDraft_ClearsPublishedAt()
    {
        var article = await _client.CreateArticleAsync();
        Assert.NotNull(article.PublishedAt);

        using var response = await _client.PutArticleAsync(article.Id, article.ToRequest() with { Status = ArticleStatus.Draft });

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var (draft, _) = await _client.GetArticleAsync(article.Id);
        Assert.Equal(ArticleStatus.Draft, draft.Status);
        Assert.Null(draft.PublishedAt);
        Assert.Null(draft.PublishAt);
    }

    [Fact]
    public async Task UpdatingPublishedArticle_KeepsFirstPublicationTime()
    {
        var article = await _client.CreateArticleAsync();
        var firstPublished = article.PublishedAt;
        Assert.Equal(api.Clock.GetUtcNow().UtcDateTime, firstPublished);
        api.Clock.Advance(TimeSpan.FromHours(5));

        using var response = await _client.PutArticleAsync(article.Id, article.ToRequest() with { Headline = "A correction", PublishAt = null });

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var updated = await response.ReadAsync<ArticleResponse>();
        Assert.Equal(firstPublished, updated.PublishedAt);
        Assert.Equal(api.Clock.GetUtcNow().UtcDateTime, updated.UpdatedAt);
    }
}
