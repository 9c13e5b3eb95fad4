using System.Net;
using System.Net.Http.Json;
using ContentApi.Articles;
using ContentApi.Syndication;

namespace ContentApi.Tests.Syndication;

/// <summary>What a partner's system does with /v1/sync: keeps a copy, applying each page, and remembers the token.</summary>
internal sealed class SyncReplica(HttpClient client, int limit = 50)
{
    public Dictionary<string, ArticleResponse> Articles { get; } = [];

    public List<SyncTombstone> Tombstones { get; } = [];

    public string? Token { get; private set; }

    public int Calls { get; private set; }

    /// <summary>One call: applies its page and returns it.</summary>
    public async Task<SyncPage> PullAsync()
    {
        var url = $"/v1/sync?limit={limit}" + (Token is null ? "" : $"&token={Uri.EscapeDataString(Token)}");
        using var response = await client.GetAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var page = (await response.Content.ReadFromJsonAsync<SyncPage>(TestData.Json))!;
        Assert.True(page.Articles.Count + page.Deleted.Count <= limit, $"A page of limit {limit} carried {page.Articles.Count} articles and {page.Deleted.Count} tombstones.");
        Assert.Equal(page.Articles.Count + page.Deleted.Count, page.Articles.Select(a => a.Id).Concat(page.Deleted.Select(d => d.Id)).Distinct().Count());
        foreach (var article in page.Articles)
        {
            Articles[article.Id] = article;
        }

        foreach (var tombstone in page.Deleted)
        {
            Articles.Remove(tombstone.Id);
            Tombstones.Add(tombstone);
        }

        Token = page.Token;
        Calls++;
        return page;
    }

    /// <summary>Calls until hasMore is false; returns the pages of this round.</summary>
    public async Task<List<SyncPage>> CatchUpAsync(int maxCalls = 500)
    {
        var pages = new List<SyncPage>();
        for (var i = 0; i < maxCalls; i++)
        {
            var page = await PullAsync();
            pages.Add(page);
            if (!page.HasMore)
            {
                return pages;
            }
        }

        throw new Xunit.Sdk.XunitException($"Sync still had more after {maxCalls} calls.");
    }
}
