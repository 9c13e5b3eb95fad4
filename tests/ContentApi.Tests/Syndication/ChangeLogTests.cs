using ContentApi.Changes;
using System.Globalization;
using System.Net;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Syndication;
using ContentApi.Tests.Access;
using ContentApi.Tests.Articles;
using ContentApi.Tests.Transfer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.Syndication;

/// <summary>
/// Every article write appends to the change log in its own transaction, with who could see the article
/// before and after; a refused write appends nothing; the reach clock logs what time changes.
/// </summary>
public sealed class ChangeLogTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private const ArticleReach Everyone = ArticleReach.Editors | ArticleReach.Readers | ArticleReach.Partners | ArticleReach.EmbargoPartners;

    [Fact]
    public async Task EachWrite_AppendsOneEntry_WithTheReachBeforeAndAfter()
    {
        var editor = api.CreateClient();
        var article = await editor.CreateArticleAsync();
        await (await editor.PutArticleAsync(article.Id, article.ToRequest() with { Headline = "Changed" })).ShouldHaveStatusAsync(HttpStatusCode.OK);
        await (await editor.PutArticleAsync(article.Id, article.ToRequest() with { Syndication = new SyndicationDto(false) })).ShouldHaveStatusAsync(HttpStatusCode.OK);
        await (await editor.PutArticleAsync(article.Id, article.ToRequest() with { Status = ArticleStatus.Draft })).ShouldHaveStatusAsync(HttpStatusCode.OK);
        await (await editor.DeleteArticleAsync(article.Id)).ShouldHaveStatusAsync(HttpStatusCode.NoContent);

        var entries = await EntriesAsync(article.Id);

        Assert.Equal(
        [
            (ChangeKind.Created, ArticleReach.None, Everyone, 1),
            (ChangeKind.Updated, Everyone, Everyone, 2),
            (ChangeKind.Updated, Everyone, ArticleReach.Editors | ArticleReach.Readers, 3),
            (ChangeKind.Updated, ArticleReach.Editors | ArticleReach.Readers, ArticleReach.Editors, 4),
            (ChangeKind.Deleted, ArticleReach.Editors, ArticleReach.None, 4),
        ],
            entries.Select(e => (e.Kind, e.Before, e.After, e.Version)));
        Assert.All(entries, e => Assert.Equal(article.Slug, e.Slug));
        Assert.True(entries.Zip(entries.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence));
    }

    [Fact]
    public async Task ARefusedWrite_AppendsNothing()
    {
        var editor = api.CreateClient();
        var article = await editor.CreateArticleAsync();
        var other = await editor.CreateArticleAsync();

        using var taken = await editor.PutArticleAsync(article.Id, article.ToRequest() with { Slug = other.Slug });
        using var invalid = await editor.PutArticleAsync(article.Id, article.ToRequest() with { Headline = "" });
        using var stale = await editor.PutArticleAsync(article.Id, article.ToRequest() with { Headline = "Stale" }, ifMatch: "\"not-the-current-one\"");

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.BadRequest, HttpStatusCode.PreconditionFailed), (taken.StatusCode, invalid.StatusCode, stale.StatusCode));
        Assert.Equal([ChangeKind.Created], (await EntriesAsync(article.Id)).Select(e => e.Kind));
    }

    [Fact]
    public async Task ScheduledArticle_IsLoggedAgain_WhenItGoesLive()
    {
        var editor = api.CreateClient();
        var request = (await editor.NewArticleRequestAsync()) with
        {
            Status = ArticleStatus.Scheduled, PublishAt = api.Clock.GetUtcNow().UtcDateTime.AddMinutes(30),
        };
        var article = await editor.CreateArticleAsync(request);

        api.Clock.Advance(TimeSpan.FromHours(1));
        await CatchUpAsync();

        var entries = await EntriesAsync(article.Id);
        Assert.Equal(
            [(ChangeKind.Created, ArticleReach.None, ArticleReach.Editors), (ChangeKind.Timed, ArticleReach.Editors, Everyone)],
            entries.Select(e => (e.Kind, e.Before, e.After)));
        Assert.Equal(0, await CatchUpAsync());
    }

    [Fact]
    public async Task TwoClocksAtOnce_LogEachDueChangeOnce()
    {
        var editor = api.CreateClient();
        var publishAt = api.Clock.GetUtcNow().UtcDateTime.AddMinutes(30);
        List<ArticleResponse> scheduled = [];
        for (var i = 0; i < 10; i++)
        {
            scheduled.Add(await editor.CreateArticleAsync((await editor.NewArticleRequestAsync()) with { Status = ArticleStatus.Scheduled, PublishAt = publishAt }));
        }

        api.Clock.Advance(TimeSpan.FromHours(1));
        // As the clocks of two replicas would: both find the same articles due at once.
        await Task.WhenAll(CatchUpAsync(), CatchUpAsync());

        foreach (var article in scheduled)
        {
            Assert.Single(await EntriesAsync(article.Id), e => e.Kind == ChangeKind.Timed);
        }
    }

    [Fact]
    public async Task ArticlesFromBeforeTheLog_GetTheirFirstEntry_FromTheClock()
    {
        var editor = api.CreateClient();
        var article = await editor.CreateArticleAsync();
        var id = int.Parse(article.Id, CultureInfo.InvariantCulture);
        // As the ChangeLog migration leaves an existing article: no reach yet, due at once, no entries.
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
            await db.ChangeLog.Where(e => e.Resource == ChangedResource.Article && e.ResourceId == id).ExecuteDeleteAsync();
            await db.Database.ExecuteSqlAsync($"""UPDATE "Articles" SET "Reach" = 0, "ReachChangesAt" = {DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc)} WHERE "Id" = {id}""");
        }

        await CatchUpAsync();

        Assert.Equal([(ChangeKind.Timed, ArticleReach.None, Everyone)], (await EntriesAsync(article.Id)).Select(e => (e.Kind, e.Before, e.After)));
    }

    [Fact]
    public async Task Import_LogsEveryArticleItWrites()
    {
        var editor = api.CreateClient();
        var article = await editor.CreateArticleAsync();
        using var export = await editor.GetAsync("/v1/export");
        var lines = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = lines.Single(l => l.Contains($"\"slug\":\"{article.Slug}\"", StringComparison.Ordinal));
        var renamed = line.Replace($"\"headline\":\"{article.Headline}\"", "\"headline\":\"Imported again\"", StringComparison.Ordinal);
        Assert.NotEqual(line, renamed);
        var references = lines.Where(l => !l.Contains("\"record\":\"article\"", StringComparison.Ordinal));

        using var import = await editor.ImportAsync(string.Join('\n', references.Append(renamed)) + "\n");

        await import.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal([ChangeKind.Created, ChangeKind.Updated], (await EntriesAsync(article.Id)).Select(e => e.Kind));
    }

    [Fact]
    public async Task SyncTokens_OutliveARestart()
    {
        using var database = new TestDatabase();
        string token;
        await using (var before = new ConfiguredApiFactory(database))
        {
            await before.CreateClient().CreateArticleAsync();
            var replica = new SyncReplica(before.CreateClientFor(null));
            await replica.CatchUpAsync();
            token = replica.Token!;
        }

        await using var after = new ConfiguredApiFactory(database);
        var created = await after.CreateClient().CreateArticleAsync();
        using var response = await after.CreateClientFor(null).GetAsync($"/v1/sync?token={Uri.EscapeDataString(token)}");

        var page = await response.ReadAsync<SyncPage>();
        Assert.Equal([created.Id], page.Articles.Select(a => a.Id));
    }

    private async Task<int> CatchUpAsync()
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await api.Services.GetRequiredService<ContentWriter>().LogReachChangesAsync(
            scope.ServiceProvider.GetRequiredService<ContentDb>(), api.Clock.GetUtcNow().UtcDateTime, CancellationToken.None);
    }

    private async Task<List<ChangeLogEntry>> EntriesAsync(string articleId)
    {
        var id = int.Parse(articleId, CultureInfo.InvariantCulture);
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContentDb>().ChangeLog.AsNoTracking()
            .Where(e => e.Resource == ChangedResource.Article && e.ResourceId == id).OrderBy(e => e.Sequence).ToListAsync();
    }
}
