using System.Net;
using System.Text.Json;
using ContentApi.Articles;
using ContentApi.Data;
using ContentApi.Tests.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.Caching;

/// <summary>
/// Readers' answers are kept in memory until a write. To see whether an answer came from memory, these tests change
/// a headline behind the service's back, straight in the database: the service cannot know, so an answer with the
/// old headline was kept, and one with the new headline was read again.
/// </summary>
public sealed class ResponseCacheTests(ResponseCacheTests.OneInstanceFactory api) : IClassFixture<ResponseCacheTests.OneInstanceFactory>
{
    /// <summary>
    /// The change log follower retires every kept answer when it finds tags, bylines or entities changed, this
    /// instance's own new ones included (see ChangeLogFollower): early, never wrong. These tests count on answers kept
    /// until the writes they make, so here its first look is ten minutes away.
    /// </summary>
    public sealed class OneInstanceFactory : ContentApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Replicas:PollInterval", "00:10:00");
        }
    }

    [Fact]
    public async Task ARepeatedRead_IsAnsweredFromMemory_UntilAnyWriteCommits()
    {
        using var editor = api.CreateClient();
        using var reader = api.CreateClientFor(null);
        var article = await editor.CreateArticleAsync();
        await ExtractionSettledAsync(api);
        Assert.Equal(article.Headline, await HeadlineAsync(reader, article.Slug));

        await ChangeHeadlineBehindTheServiceAsync(article.Slug, "Changed behind the service's back");
        Assert.Equal(article.Headline, await HeadlineAsync(reader, article.Slug));

        // Any committed write makes every kept answer stale, not only those about what it wrote.
        await editor.CreateTagAsync();
        Assert.Equal("Changed behind the service's back", await HeadlineAsync(reader, article.Slug));
    }

    [Fact]
    public async Task AWriteThroughTheApi_IsSeenByTheNextRead_InItemsAndLists()
    {
        using var editor = api.CreateClient();
        using var reader = api.CreateClientFor(null);
        var request = await editor.NewArticleRequestAsync();
        var article = await editor.CreateArticleAsync(request);
        var list = $"/v1/articles?tag={request.TagIds![0]}";
        await HeadlineAsync(reader, article.Slug);
        using (await reader.GetAsync(list))
        {
        }

        using var patch = await editor.MergePatchAsync($"/v1/articles/{article.Id}", """{"headline":"Rewritten after a read"}""");
        await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);

        Assert.Equal("Rewritten after a read", await HeadlineAsync(reader, article.Slug));
        using var listed = await reader.GetAsync(list);
        var page = await listed.ReadAsync<JsonElement>();
        Assert.Equal("Rewritten after a read", page.GetProperty("items")[0].GetProperty("headline").GetString());
    }

    [Fact]
    public async Task Editors_AreNeverAnsweredFromMemory()
    {
        using var editor = api.CreateClient();
        var article = await editor.CreateArticleAsync();
        Assert.Equal(article.Headline, await HeadlineAsync(editor, article.Slug));

        await ChangeHeadlineBehindTheServiceAsync(article.Slug, "An editor sees this at once");

        Assert.Equal("An editor sees this at once", await HeadlineAsync(editor, article.Slug));
    }

    [Fact]
    public async Task AKeptAnswer_KeepsItsHeaders_AndStillAnswers304()
    {
        using var editor = api.CreateClient();
        using var reader = api.CreateClientFor(null);
        var request = await editor.NewArticleRequestAsync();
        await editor.CreateArticleAsync(request);
        await editor.CreateArticleAsync(request with { Slug = TestData.Unique("article") });
        var list = $"/v1/articles?tag={request.TagIds![0]}&limit=1";

        using var first = await reader.GetAsync(list);
        using var kept = await reader.GetAsync(list);
        using var revalidated = await reader.SendAsync(new HttpRequestMessage(HttpMethod.Get, list) { Headers = { { "If-None-Match", first.Headers.ETag!.Tag } } });

        Assert.Equal(await first.Content.ReadAsStringAsync(), await kept.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.ETag, kept.Headers.ETag);
        Assert.Equal(first.Headers.CacheControl, kept.Headers.CacheControl);
        Assert.Equal(first.Header("Link"), kept.Header("Link"));
        Assert.NotNull(kept.Header("Link"));
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task RecordingAKeysUse_DoesNotEmptyTheCache()
    {
        using var editor = api.CreateClient();
        using var reader = api.CreateClientFor(ContentApi.Data.ApiRole.Reader);
        var article = await editor.CreateArticleAsync();
        await ExtractionSettledAsync(api);
        await HeadlineAsync(reader, article.Slug);

        await ChangeHeadlineBehindTheServiceAsync(article.Slug, "Not seen while kept");
        await ExecuteBehindTheServiceAsync("""UPDATE "ApiKeys" SET "LastUsedAt" = NULL""");

        // The key's use is recorded again on this request, a write no answer shows.
        Assert.Equal(article.Headline, await HeadlineAsync(reader, article.Slug));
    }

    private static async Task<string?> HeadlineAsync(HttpClient client, string slug)
    {
        using var response = await client.GetAsync($"/v1/articles/{slug}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.ReadAsync<ArticleResponse>()).Headline;
    }

    private Task ChangeHeadlineBehindTheServiceAsync(string slug, string headline) => ChangeHeadlineBehindTheServiceAsync(api, slug, headline);

    private Task ExecuteBehindTheServiceAsync(string sql) => ExecuteBehindTheServiceAsync(api, sql);

    /// <summary>Changes a headline straight in the service's database, on a connection of its own, where the service cannot see it.</summary>
    internal static Task ChangeHeadlineBehindTheServiceAsync(ContentApiFactory api, string slug, string headline) =>
        ExecuteBehindTheServiceAsync(api, $"""UPDATE "Articles" SET "Headline" = '{headline.Replace("'", "''", StringComparison.Ordinal)}' WHERE "Slug" = '{slug}'""");

    /// <summary>
    /// Waits until no extraction job is queued or running: a new entity starts one, and its writes in the background would
    /// retire the answers a test means to see kept.
    /// </summary>
    internal static async Task ExtractionSettledAsync(ContentApiFactory api)
    {
        for (var tries = 0; ; tries++)
        {
            await using var scope = api.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
            if (!await db.ExtractionJobs.AnyAsync(j => j.Status == ExtractionJobStatus.Queued || j.Status == ExtractionJobStatus.Running))
            {
                return;
            }

            Assert.True(tries < 500, "Extraction jobs still running after 10 s.");
            await Task.Delay(20);
        }
    }

    private static async Task ExecuteBehindTheServiceAsync(ContentApiFactory api, string sql) =>
        Assert.True(await api.Database.ExecuteAsync(sql) > 0);
}

/// <summary>
/// Kept answers end when an article's reach next changes, though nothing is written. Its own service: once the test
/// clock passes a scheduled time, nothing is kept until the reach clock logs the change, which it does on real time.
/// </summary>
public sealed class ResponseCacheClockTests
{
    [Fact]
    public async Task AScheduledArticle_AppearsAtItsTime_ThoughNothingWasWritten()
    {
        using var api = new ContentApiFactory();
        using var editor = api.CreateClient();
        using var reader = api.CreateClientFor(null);
        var request = await editor.NewArticleRequestAsync();
        var publishAt = api.Clock.GetUtcNow().UtcDateTime.AddMinutes(10);
        await editor.CreateArticleAsync(request with { Status = ArticleStatus.Scheduled, PublishAt = publishAt });
        var list = $"/v1/articles?tag={request.TagIds![0]}";
        Assert.Empty((await (await reader.GetAsync(list)).ReadAsync<JsonElement>()).GetProperty("items").EnumerateArray());

        api.Clock.Advance(TimeSpan.FromMinutes(11));

        Assert.Single((await (await reader.GetAsync(list)).ReadAsync<JsonElement>()).GetProperty("items").EnumerateArray());
    }
}

/// <summary>With ResponseCache:Enabled false every read goes to the database.</summary>
public sealed class ResponseCacheOffTests
{
    [Fact]
    public async Task EveryReadIsFresh()
    {
        using var api = new ConfiguredApiFactory(("ResponseCache:Enabled", "false"));
        using var editor = api.CreateClient();
        using var reader = api.CreateClientFor(null);
        var article = await editor.CreateArticleAsync();
        using (await reader.GetAsync($"/v1/articles/{article.Slug}"))
        {
        }

        await ResponseCacheTests.ChangeHeadlineBehindTheServiceAsync(api, article.Slug, "Read afresh");

        using var again = await reader.GetAsync($"/v1/articles/{article.Slug}");
        Assert.Equal("Read afresh", (await again.ReadAsync<ArticleResponse>()).Headline);
    }
}
