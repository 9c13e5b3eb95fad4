using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Tests.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.Caching;

/// <summary>
/// Readers' answers are kept in memory, and a write retires exactly those that show what it changed or that it may enter
/// or leave. Whether an answer came from memory is told by its X-Cache header: hit (kept), miss (computed, and kept).
/// </summary>
public sealed class ResponseCacheTests(ResponseCacheTests.OneInstanceFactory api) : IClassFixture<ResponseCacheTests.OneInstanceFactory>
{
    /// <summary>One instance on its own database: no follower reads anything, so only this instance's writes retire answers.</summary>
    public class OneInstanceFactory : ContentApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Replicas:PollInterval", "00:10:00");
        }
    }

    [Fact]
    public async Task ARepeatedRead_IsAnsweredFromMemory()
    {
        using var editor = api.CreateClient();
        using var reader = api.CreateClientFor(null);
        var article = await editor.CreateArticleAsync();
        await ExtractionSettledAsync(api);

        Assert.Equal("miss", await CacheOfAsync(reader, $"/v1/articles/{article.Slug}"));
        Assert.Equal("hit", await CacheOfAsync(reader, $"/v1/articles/{article.Slug}"));
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

        using var first = await editor.GetAsync($"/v1/articles/{article.Slug}");
        using var second = await editor.GetAsync($"/v1/articles/{article.Slug}");

        Assert.False(second.Headers.Contains("X-Cache"));
        Assert.True(second.Headers.CacheControl is { NoStore: true, Private: true }, $"Cache-Control: {second.Headers.CacheControl}");
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

        Assert.Equal("hit", kept.Header("X-Cache"));
        Assert.Equal("miss", first.Header("X-Cache"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await kept.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.ETag, kept.Headers.ETag);
        Assert.Equal(first.Headers.CacheControl, kept.Headers.CacheControl);
        Assert.Equal(first.Header("Link"), kept.Header("Link"));
        Assert.Equal(first.Header("Surrogate-Key"), kept.Header("Surrogate-Key"));
        Assert.NotNull(kept.Header("Link"));
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    /// <summary>Writes that change no content (a key's last use, an idempotency record, a webhook) retire nothing.</summary>
    [Fact]
    public async Task WritesThatChangeNoContent_RetireNothing()
    {
        using var editor = api.CreateClient();
        using var reader = api.CreateClientFor(ContentApi.Persistence.ApiRole.Reader);
        var article = await editor.CreateArticleAsync();
        await ExtractionSettledAsync(api);
        var page = $"/v1/articles/{article.Slug}";
        await CacheOfAsync(reader, page);

        await ExecuteBehindTheServiceAsync(api, """UPDATE "ApiKeys" SET "LastUsedAt" = NULL""");
        Assert.Equal("hit", await CacheOfAsync(reader, page)); // its use is recorded again on this request

        using var admin = api.CreateClientFor(ContentApi.Persistence.ApiRole.Admin);
        using (var hook = await admin.PostAsJsonAsync("/v1/webhooks", new { url = "https://hooks.example.com/in", events = Array.Empty<string>() }, TestData.Json))
        {
            Assert.True(hook.IsSuccessStatusCode, await hook.Content.ReadAsStringAsync());
        }

        var idempotent = new HttpRequestMessage(HttpMethod.Post, "/v1/keys")
        {
            Content = JsonContent.Create(new { name = "Kept answers survive me", role = "reader" }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        };
        using (var key = await admin.SendAsync(idempotent))
        {
            Assert.True(key.IsSuccessStatusCode, await key.Content.ReadAsStringAsync());
        }

        Assert.Equal("hit", await CacheOfAsync(reader, page));
    }

    internal static async Task<string?> CacheOfAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return response.Headers.TryGetValues("X-Cache", out var values) ? values.Single() : null;
    }

    private static async Task<string?> HeadlineAsync(HttpClient client, string slug)
    {
        using var response = await client.GetAsync($"/v1/articles/{slug}");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return (await response.ReadAsync<ArticleResponse>()).Headline;
    }

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

    internal static async Task ExecuteBehindTheServiceAsync(ContentApiFactory api, string sql) =>
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

/// <summary>With ResponseCache:Enabled false every read is computed, and none is kept.</summary>
public sealed class ResponseCacheOffTests
{
    [Fact]
    public async Task EveryReadIsComputed()
    {
        using var api = new ConfiguredApiFactory(("ResponseCache:Enabled", "false"));
        using var editor = api.CreateClient();
        using var reader = api.CreateClientFor(null);
        var article = await editor.CreateArticleAsync();

        using var first = await reader.GetAsync($"/v1/articles/{article.Slug}");
        using var again = await reader.GetAsync($"/v1/articles/{article.Slug}");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False(again.Headers.Contains("X-Cache"));
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
        Assert.NotNull(again.Header("Surrogate-Key"));
    }
}
