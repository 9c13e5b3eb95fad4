using System.Net;
using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Tests.Access;
using ContentApi.Tests.Articles;

namespace ContentApi.Tests.Syndication;

/// <summary>
/// GET /v1/sync: the first round gives everything a caller may see, later rounds what changed, and a
/// client that applies every page holds exactly what the list endpoint shows that caller.
/// </summary>
public sealed class SyncTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Theory]
    [InlineData(null)]
    [InlineData(ApiRole.Reader)]
    [InlineData(ApiRole.Partner)]
    [InlineData(ApiRole.Editor)]
    public async Task FirstRound_InSmallPages_HoldsExactlyWhatTheCallerCanList(ApiRole? role)
    {
        var editor = api.CreateClient();
        await CreateMixAsync(editor);
        using var client = api.CreateClientFor(role);
        var replica = new SyncReplica(client, limit: 2);

        var pages = await replica.CatchUpAsync();

        Assert.True(pages.Count > 1, "Small pages should take several calls.");
        Assert.Equal((await client.ListAllArticleIdsAsync()).Order(), replica.Articles.Keys.Order());
        Assert.Empty(replica.Tombstones);
    }

    [Fact]
    public async Task LaterRound_BringsChangesInFull_AndTombstonesForWhatWent()
    {
        var editor = api.CreateClient();
        var (kept, unpublished, deleted) = (await editor.CreateArticleAsync(), await editor.CreateArticleAsync(), await editor.CreateArticleAsync());
        var draft = await editor.CreateArticleAsync((await editor.NewArticleRequestAsync()) with { Status = ArticleStatus.Draft });
        using var reader = api.CreateClientFor(null);
        var replica = new SyncReplica(reader);
        await replica.CatchUpAsync();
        Assert.Contains(unpublished.Id, replica.Articles.Keys);
        Assert.DoesNotContain(draft.Id, replica.Articles.Keys);

        await (await editor.PutArticleAsync(kept.Id, kept.ToRequest() with { Headline = "Changed after the first round" })).ShouldHaveStatusAsync(HttpStatusCode.OK);
        await (await editor.PutArticleAsync(unpublished.Id, unpublished.ToRequest() with { Status = ArticleStatus.Draft })).ShouldHaveStatusAsync(HttpStatusCode.OK);
        await (await editor.DeleteArticleAsync(deleted.Id)).ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        await (await editor.PutArticleAsync(draft.Id, draft.ToRequest() with { Headline = "A draft edited" })).ShouldHaveStatusAsync(HttpStatusCode.OK);
        var created = await editor.CreateArticleAsync();
        var pages = await replica.CatchUpAsync();

        var changed = pages.SelectMany(p => p.Articles).ToList();
        var gone = pages.SelectMany(p => p.Deleted).ToDictionary(d => d.Id);
        Assert.Equal([kept.Id, created.Id], changed.Select(a => a.Id).Order());
        Assert.Equal("Changed after the first round", replica.Articles[kept.Id].Headline);
        Assert.Equal(("unpublished", unpublished.Slug), (gone[unpublished.Id].Reason, gone[unpublished.Id].Slug));
        Assert.Equal(("deleted", deleted.Slug), (gone[deleted.Id].Reason, gone[deleted.Id].Slug));
        Assert.DoesNotContain(draft.Id, gone.Keys);
        Assert.Equal((await reader.ListAllArticleIdsAsync()).Order(), replica.Articles.Keys.Order());
    }

    [Fact]
    public async Task AWriteThatHidesAndRenames_IsATombstone_UnderTheSlugTheCallerSaw()
    {
        var editor = api.CreateClient();
        var article = await editor.CreateArticleAsync();
        using var reader = api.CreateClientFor(null);
        var replica = new SyncReplica(reader);
        await replica.CatchUpAsync();
        var secret = TestData.Unique("never-public");

        await (await editor.PutArticleAsync(article.Id, article.ToRequest() with { Status = ArticleStatus.Draft, Slug = secret }))
            .ShouldHaveStatusAsync(HttpStatusCode.OK);
        var gone = Assert.Single((await replica.CatchUpAsync()).SelectMany(p => p.Deleted), d => d.Id == article.Id);

        Assert.Equal(("unpublished", article.Slug), (gone.Reason, gone.Slug));
        Assert.DoesNotContain(secret, System.Text.Json.JsonSerializer.Serialize(gone), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingChanged_AnEmptyPage_AndTheSameToken()
    {
        using var reader = api.CreateClientFor(null);
        var replica = new SyncReplica(reader);
        await replica.CatchUpAsync();
        var token = replica.Token;

        var page = await replica.PullAsync();

        Assert.Equal((0, 0, false), (page.Articles.Count, page.Deleted.Count, page.HasMore));
        Assert.Equal(token, page.Token);
    }

    [Fact]
    public async Task ScheduledArticle_ArrivesWhenItsTimeComes()
    {
        var editor = api.CreateClient();
        var request = (await editor.NewArticleRequestAsync()) with
        {
            Status = ArticleStatus.Scheduled, PublishAt = api.Clock.GetUtcNow().UtcDateTime.AddHours(1),
        };
        var scheduled = await editor.CreateArticleAsync(request);
        using var reader = api.CreateClientFor(null);
        var replica = new SyncReplica(reader);
        await replica.CatchUpAsync();
        Assert.DoesNotContain(scheduled.Id, replica.Articles.Keys);

        api.Clock.Advance(TimeSpan.FromHours(2));
        await replica.CatchUpAsync();

        Assert.Contains(scheduled.Id, replica.Articles.Keys);
    }

    [Fact]
    public async Task ClearanceEnding_SendsPartnersATombstone_ButNotReaders()
    {
        var editor = api.CreateClient();
        var request = (await editor.NewArticleRequestAsync()) with
        {
            Syndication = new SyndicationDto(true, "Until tomorrow", api.Clock.GetUtcNow().UtcDateTime.AddHours(1)),
        };
        var article = await editor.CreateArticleAsync(request);
        using var partnerClient = api.CreateClientFor(ApiRole.Partner);
        using var readerClient = api.CreateClientFor(null);
        var (partner, reader) = (new SyncReplica(partnerClient), new SyncReplica(readerClient));
        await partner.CatchUpAsync();
        await reader.CatchUpAsync();
        Assert.Contains(article.Id, partner.Articles.Keys);

        api.Clock.Advance(TimeSpan.FromHours(2));
        var partnerPages = await partner.CatchUpAsync();
        var readerPages = await reader.CatchUpAsync();

        Assert.Equal("unpublished", Assert.Single(partnerPages.SelectMany(p => p.Deleted), d => d.Id == article.Id).Reason);
        Assert.DoesNotContain(article.Id, partner.Articles.Keys);
        Assert.DoesNotContain(readerPages.SelectMany(p => p.Deleted), d => d.Id == article.Id);
        Assert.Contains(article.Id, reader.Articles.Keys);
    }

    [Fact]
    public async Task ForgedOrAlteredToken_Is400()
    {
        using var reader = api.CreateClientFor(null);
        var replica = new SyncReplica(reader);
        await replica.PullAsync();
        var token = replica.Token!;
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        var payload = System.Text.Encoding.UTF8.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(token[..dot]));
        var forgedPayload = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(
            System.Text.Encoding.UTF8.GetBytes(payload.Replace("\"Audience\":2", "\"Audience\":1", StringComparison.Ordinal)));
        Assert.NotEqual(token[..dot], forgedPayload);

        foreach (var bad in new[] { forgedPayload + token[dot..], token + "x", "not-a-token", "a.b", "%%%" })
        {
            using var response = await reader.GetAsync($"/v1/sync?token={Uri.EscapeDataString(bad)}");
            (await response.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("token");
        }
    }

    [Fact]
    public async Task AnotherCallersToken_Is400()
    {
        using var partner = api.CreateClientFor(ApiRole.Partner);
        var replica = new SyncReplica(partner);
        await replica.PullAsync();

        using var reader = api.CreateClientFor(ApiRole.Reader);
        using var response = await reader.GetAsync($"/v1/sync?token={Uri.EscapeDataString(replica.Token!)}");

        var errors = await response.ShouldBeValidationProblemAsync();
        Assert.Contains("another caller", Assert.Single(errors.ShouldHaveErrorFor("token")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("limit=abc")]
    public async Task BadLimit_Is400(string query)
    {
        using var reader = api.CreateClientFor(null);
        using var response = await reader.GetAsync($"/v1/sync?{query}");
        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Pages_AreNotCachedAsIs()
    {
        using var reader = api.CreateClientFor(null);
        using var response = await reader.GetAsync("/v1/sync?limit=1");
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal((true, true, null), (response.Headers.CacheControl!.Private, response.Headers.CacheControl.NoCache, response.Headers.CacheControl.MaxAge));
    }

    /// <summary>Published, draft, scheduled, archived and not-syndicated articles: each caller sees a different part.</summary>
    internal static async Task CreateMixAsync(HttpClient editor)
    {
        var now = DateTime.UtcNow;
        await editor.CreateArticleAsync();
        await editor.CreateArticleAsync();
        await editor.CreateArticleAsync((await editor.NewArticleRequestAsync()) with { Syndication = new SyndicationDto(false) });
        await editor.CreateArticleAsync((await editor.NewArticleRequestAsync()) with { Status = ArticleStatus.Draft });
        await editor.CreateArticleAsync((await editor.NewArticleRequestAsync()) with { Status = ArticleStatus.Archived });
        await editor.CreateArticleAsync((await editor.NewArticleRequestAsync()) with { Status = ArticleStatus.Scheduled, PublishAt = now.AddYears(5) });
    }
}
