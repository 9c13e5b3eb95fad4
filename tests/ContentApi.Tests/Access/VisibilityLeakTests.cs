using System.Net;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Tests.Articles;

namespace ContentApi.Tests.Access;

/// <summary>
/// Articles a caller may not see stay out of every way in: by id, by slug, by a former slug, in list
/// pages and among another article's pinned related articles. Anonymous callers see published
/// articles whose time has come; partners only those cleared for syndication while it lasts.
/// </summary>
public sealed class VisibilityLeakTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    public static TheoryData<string> Outsiders => ["anonymous", "partner"];

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task Returns404Problem_ByIdAndBySlug_ForEveryArticleTheCallerMayNotSee(string caller)
    {
        var corpus = await CreateCorpusAsync();
        using var client = ClientFor(caller);

        foreach (var (name, article) in corpus.HiddenFrom(RoleOf(caller)))
        {
            foreach (var key in new[] { article.Id, article.Slug })
            {
                using var response = await client.GetAsync($"/v1/articles/{key}");
                Assert.True(response.StatusCode == HttpStatusCode.NotFound,
                    $"The {name} article, asked for as '{key}' by {caller}, answered {(int)response.StatusCode}, not 404.");
                await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task HiddenArticle_AnswersExactlyAsOneThatDoesNotExist(string caller)
    {
        var corpus = await CreateCorpusAsync();
        using var client = ClientFor(caller);
        var missing = TestData.Unique("never-written");
        using var absent = await client.GetAsync($"/v1/articles/{missing}");
        var expected = await absent.ShouldBeProblemAsync(HttpStatusCode.NotFound);

        foreach (var (name, article) in corpus.HiddenFrom(RoleOf(caller)))
        {
            using var response = await client.GetAsync($"/v1/articles/{article.Slug}");
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
            Assert.Equal(expected.GetProperty("title").GetString(), problem.GetProperty("title").GetString());
            Assert.Equal(
                expected.GetProperty("detail").GetString()!.Replace(missing, "{slug}", StringComparison.Ordinal),
                problem.GetProperty("detail").GetString()!.Replace(article.Slug, "{slug}", StringComparison.Ordinal));
            Assert.Equal(
                absent.Headers.Select(h => h.Key).Order(StringComparer.OrdinalIgnoreCase),
                response.Headers.Select(h => h.Key).Order(StringComparer.OrdinalIgnoreCase));
            Assert.True(response.Headers.ETag is null, $"The 404 for the {name} article carries an ETag.");
        }
    }

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task Returns200_ByIdAndBySlug_ForArticlesTheCallerMaySee(string caller)
    {
        var corpus = await CreateCorpusAsync();
        using var client = ClientFor(caller);

        foreach (var (name, article) in corpus.VisibleTo(RoleOf(caller)))
        {
            foreach (var key in new[] { article.Id, article.Slug })
            {
                using var response = await client.GetAsync($"/v1/articles/{key}");
                Assert.True(response.StatusCode == HttpStatusCode.OK,
                    $"The {name} article, asked for as '{key}' by {caller}, answered {(int)response.StatusCode}, not 200.");
                Assert.Equal(article.Id, (await response.ReadAsync<ArticleResponse>()).Id);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task ListPages_NeverIncludeArticlesTheCallerMayNotSee(string caller)
    {
        var corpus = await CreateCorpusAsync();
        using var client = ClientFor(caller);

        var listed = await client.ListAllArticleIdsAsync();

        foreach (var (name, article) in corpus.HiddenFrom(RoleOf(caller)))
        {
            Assert.False(listed.Contains(article.Id), $"The {name} article {article.Id} was listed to {caller}.");
        }

        foreach (var (name, article) in corpus.VisibleTo(RoleOf(caller)))
        {
            Assert.True(listed.Contains(article.Id), $"The {name} article {article.Id} was not listed to {caller}.");
        }
    }

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task RelatedArticles_LeaveOutPinsTheCallerMayNotSee(string caller)
    {
        var corpus = await CreateCorpusAsync();
        using var client = ClientFor(caller);

        var control = (await client.GetArticleAsync(corpus.Control.Slug)).Article;

        // The pins the caller may see, in the order the editor pinned them.
        var expected = corpus.Pinned.Where(p => corpus.VisibleTo(RoleOf(caller)).Contains(p)).Select(p => p.Article.Id);
        Assert.Equal(expected, control.RelatedArticles.Select(r => r.Id));
    }

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task FormerSlugOfHiddenArticle_Returns404_NotARedirectThatRevealsTheNewSlug(string caller)
    {
        var corpus = await CreateCorpusAsync();
        using var editor = api.CreateClient();
        var renamed = new Dictionary<string, (string OldSlug, string NewSlug)>();
        foreach (var (name, article) in corpus.All)
        {
            var newSlug = TestData.Unique($"renamed-{name.ToLowerInvariant()}");
            using var patch = await editor.MergePatchAsync($"/v1/articles/{article.Id}", $$"""{"slug": "{{newSlug}}"}""");
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
            renamed[name] = (article.Slug, newSlug);
        }

        using var client = api.CreateNonRedirectingClientFor(RoleOf(caller));

        foreach (var (name, _) in corpus.HiddenFrom(RoleOf(caller)))
        {
            var (oldSlug, newSlug) = renamed[name];
            using var response = await client.GetAsync($"/v1/articles/{oldSlug}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound,
                $"The former slug of the {name} article answered {(int)response.StatusCode} to {caller}, not 404.");
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
            Assert.Null(response.Headers.Location);
            Assert.DoesNotContain(newSlug, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A visible article's former slug still redirects, so the 404s above are not for want of an alias.
        var (controlOld, controlNew) = renamed[nameof(Corpus.Control)];
        using var control = await client.GetAsync($"/v1/articles/{controlOld}");
        Assert.Equal(HttpStatusCode.PermanentRedirect, control.StatusCode);
        Assert.Equal($"/v1/articles/{controlNew}", control.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Editor_SeesEveryArticle_ByIdSlugListAndRelated()
    {
        var corpus = await CreateCorpusAsync();
        using var editor = api.CreateClient();

        foreach (var (name, article) in corpus.All)
        {
            foreach (var key in new[] { article.Id, article.Slug })
            {
                using var response = await editor.GetAsync($"/v1/articles/{key}");
                Assert.True(response.StatusCode == HttpStatusCode.OK,
                    $"The {name} article, asked for as '{key}' by an editor, answered {(int)response.StatusCode}.");
            }
        }

        var listed = await editor.ListAllArticleIdsAsync();
        Assert.All(corpus.All, a => Assert.Contains(a.Article.Id, listed));
        var control = (await editor.GetArticleAsync(corpus.Control.Id)).Article;
        Assert.Equal(corpus.Pinned.Select(p => p.Article.Id), control.RelatedArticles.Select(r => r.Id));
    }

    [Fact]
    public async Task ScheduledArticle_AppearsForAnonymousCallers_WhenItsTimeComes_WithNoJobToRun()
    {
        var corpus = await CreateCorpusAsync();
        using var anonymous = api.CreateClientFor(null);
        var scheduled = corpus.Scheduled;
        using (var before = await anonymous.GetAsync($"/v1/articles/{scheduled.Slug}"))
        {
            await before.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        api.Clock.Advance(TimeSpan.FromHours(2));

        using var after = await anonymous.GetAsync($"/v1/articles/{scheduled.Slug}");
        await after.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Contains(scheduled.Id, await anonymous.ListAllArticleIdsAsync());
        var control = (await anonymous.GetArticleAsync(corpus.Control.Slug)).Article;
        Assert.Contains(scheduled.Id, control.RelatedArticles.Select(r => r.Id));
    }

    [Fact]
    public async Task ScheduledArticleClearedForSyndication_AppearsForPartners_WhenItsTimeComes()
    {
        var corpus = await CreateCorpusAsync();
        using var partner = api.CreateClientFor(ApiRole.Partner);
        Assert.DoesNotContain(corpus.Scheduled.Id, await partner.ListAllArticleIdsAsync());

        api.Clock.Advance(TimeSpan.FromHours(2));

        using var after = await partner.GetAsync($"/v1/articles/{corpus.Scheduled.Slug}");
        await after.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Contains(corpus.Scheduled.Id, await partner.ListAllArticleIdsAsync());
    }

    [Fact]
    public async Task SyndicatedArticle_DisappearsForPartners_WhenTheClearanceExpires_ButStaysForReaders()
    {
        using var editor = api.CreateClient();
        var request = await editor.NewArticleRequestAsync();
        var article = await editor.CreateArticleAsync(request with
        {
            Syndication = new SyndicationDto(true, "Until tonight.", Now().AddHours(1)),
        });
        using var partner = api.CreateClientFor(ApiRole.Partner);
        using var anonymous = api.CreateClientFor(null);
        using (var before = await partner.GetAsync($"/v1/articles/{article.Slug}"))
        {
            await before.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        api.Clock.Advance(TimeSpan.FromHours(2));

        using var expired = await partner.GetAsync($"/v1/articles/{article.Slug}");
        await expired.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(article.Id, await partner.ListAllArticleIdsAsync());
        using var reader = await anonymous.GetAsync($"/v1/articles/{article.Slug}");
        await reader.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    private DateTime Now() => api.Clock.GetUtcNow().UtcDateTime;

    private HttpClient ClientFor(string caller) => api.CreateClientFor(RoleOf(caller));

    private static ApiRole? RoleOf(string caller) => caller == "partner" ? ApiRole.Partner : null;

    /// <summary>
    /// One article in each state, made as an editor: a published control cleared for syndication that
    /// pins all the others, a draft, an archived article, one scheduled an hour from now by the
    /// test clock, one published but not cleared, and one whose clearance has expired.
    /// </summary>
    private async Task<Corpus> CreateCorpusAsync()
    {
        using var editor = api.CreateClient();
        var now = Now();

        async Task<ArticleResponse> Create(Func<ArticleRequest, ArticleRequest> change) =>
            await editor.CreateArticleAsync(change(await editor.NewArticleRequestAsync()));

        var draft = await Create(r => r with { Status = ArticleStatus.Draft });
        var archived = await Create(r => r);
        using (var archive = await editor.MergePatchAsync($"/v1/articles/{archived.Id}", """{"status": "archived"}"""))
        {
            await archive.ShouldHaveStatusAsync(HttpStatusCode.OK);
            archived = await archive.ReadAsync<ArticleResponse>();
        }

        var scheduled = await Create(r => r with { Status = ArticleStatus.Scheduled, PublishAt = now.AddHours(1) });
        var notSyndicated = await Create(r => r with { Syndication = new SyndicationDto(Allowed: false) });
        var expired = await Create(r => r with { Syndication = new SyndicationDto(true, "Was cleared for a week.", now.AddDays(-1)) });
        var control = await Create(r => r with
        {
            Syndication = new SyndicationDto(true, "Republish with credit."),
            RelatedArticleIds = [draft.Id, archived.Id, scheduled.Id, notSyndicated.Id, expired.Id],
        });

        Assert.Equal(ArticleStatus.Archived, archived.Status);
        Assert.Equal(ArticleStatus.Scheduled, scheduled.Status);
        return new Corpus(control, draft, archived, scheduled, notSyndicated, expired);
    }

    private sealed record Corpus(
        ArticleResponse Control,
        ArticleResponse Draft,
        ArticleResponse Archived,
        ArticleResponse Scheduled,
        ArticleResponse NotSyndicated,
        ArticleResponse SyndicationExpired)
    {
        public (string Name, ArticleResponse Article)[] Pinned =>
        [
            (nameof(Draft), Draft), (nameof(Archived), Archived), (nameof(Scheduled), Scheduled),
            (nameof(NotSyndicated), NotSyndicated), (nameof(SyndicationExpired), SyndicationExpired),
        ];

        public (string Name, ArticleResponse Article)[] All => [(nameof(Control), Control), .. Pinned];

        /// <summary>Never for anyone but editors: drafts, archived articles and those whose time has not come.</summary>
        private (string Name, ArticleResponse Article)[] Unpublished =>
            [(nameof(Draft), Draft), (nameof(Archived), Archived), (nameof(Scheduled), Scheduled)];

        private (string Name, ArticleResponse Article)[] NotSyndicatable =>
            [(nameof(NotSyndicated), NotSyndicated), (nameof(SyndicationExpired), SyndicationExpired)];

        public (string Name, ArticleResponse Article)[] HiddenFrom(ApiRole? role) =>
            role == ApiRole.Partner ? [.. Unpublished, .. NotSyndicatable] : Unpublished;

        public (string Name, ArticleResponse Article)[] VisibleTo(ApiRole? role) =>
            role == ApiRole.Partner ? [(nameof(Control), Control)] : [(nameof(Control), Control), .. NotSyndicatable];
    }
}
