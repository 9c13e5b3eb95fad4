using System.Diagnostics;
using System.Net;
using ContentApi.Related;
using ContentApi.Articles;
using ContentApi.Changes;
using ContentApi.Persistence;
using ContentApi.Tests.Access;
using ContentApi.Tests.Articles;
using ContentApi.Tests.Caching;
using ContentApi.Tests.Entities;
using ContentApi.Tests.Query;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.Replicas;

/// <summary>
/// Two instances of the service on one database, as replicas behind a load balancer: what is written through one
/// (articles, a tag's name, a new entity) shows through the other, in its lists, facets, related articles, the
/// answers it keeps and its entity extraction, within the change log follower's poll interval (here 200 ms; the
/// tests allow ten of them).
/// </summary>
public sealed class ReplicaTests : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Bound = PollInterval * 10;
    private readonly TestDatabase _database = new();

    [Fact]
    public async Task AWriteThroughOneReplica_ShowsThroughTheOther_InListsRelatedAndKeptAnswers()
    {
        await using var one = Instance();
        await using var two = Instance();
        var editor = one.CreateClient();
        var reader = two.CreateClientFor(null);
        _ = two.Services; // started before the writes, so it learns of them only by following the log

        // Unrelated articles, so the shared tag and entity are rare enough to weigh something.
        for (var i = 0; i < 3; i++)
        {
            await editor.CreateArticleAsync();
        }

        var source = await editor.CreateArticleAsync(await editor.NewArticleRequestAsync("Harbour cranes return to the port"));
        var tag = source.Tags.Single().Slug;
        var byTag = $"/v1/articles?tag={tag}";
        var related = $"/v1/articles/{source.Slug}/related";
        await EventuallyAsync(async () => (await reader.ListArticlesAsync(byTag)).Items.Ids().SequenceEqual([source.Id]));
        // Replica two now keeps these answers: the tag list with the source alone, no related articles, the source as it is.
        Assert.Empty((await reader.GetJsonAsync(related)).GetProperty("items").EnumerateArray());
        Assert.Equal(source.Headline, (await reader.GetArticleAsync(source.Slug)).Article.Headline);

        // Related, not a near-duplicate: the source's tag and entity, and a tag of its own.
        var sibling = await editor.CreateArticleAsync(await editor.NewArticleRequestAsync("Harbour cranes idle again") with
        {
            TagIds = [source.Tags.Single().Id, (await editor.CreateTagAsync()).Id],
            EntityIds = [.. source.Entities.Select(e => e.Id)],
        });
        using var headline = await editor.MergePatchAsync($"/v1/articles/{source.Id}", """{"headline":"Harbour cranes back at work"}""");
        Assert.Equal(HttpStatusCode.OK, headline.StatusCode);

        await EventuallyAsync(async () => (await reader.ListArticlesAsync(byTag)).Items.Ids().Order().SequenceEqual(new[] { source.Id, sibling.Id }.Order()));
        await EventuallyAsync(async () => (await reader.GetJsonAsync(related)).GetProperty("items").EnumerateArray()
            .Any(item => item.GetProperty("article").GetProperty("id").GetString() == sibling.Id));
        await EventuallyAsync(async () => (await reader.GetArticleAsync(source.Slug)).Article.Headline == "Harbour cranes back at work");
    }

    [Fact]
    public async Task TagAndEntityChangesThroughOneReplica_ShowThroughTheOther()
    {
        await using var one = Instance();
        await using var two = Instance();
        var editor = one.CreateClient();
        var editorOnTwo = two.CreateClient();
        var reader = two.CreateClientFor(null);

        var article = await editor.CreateArticleAsync();
        var tag = article.Tags.Single();
        var facets = $"/v1/articles?tag={tag.Slug}&facets=tag";
        await EventuallyAsync(async () => (await reader.ListArticlesAsync(facets)).Items.Ids().SequenceEqual([article.Id]));
        Assert.Equal(tag.Name, (await reader.GetArticleAsync(article.Slug)).Article.Tags.Single().Name);

        using (var renamed = await editor.MergePatchAsync($"/v1/tags/{tag.Id}", """{"name":"Cranes and quays"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }

        // The kept article answer, and the catalog's name for the tag facet.
        await EventuallyAsync(async () => (await reader.GetArticleAsync(article.Slug)).Article.Tags.Single().Name == "Cranes and quays");
        await EventuallyAsync(async () => (await reader.ListArticlesAsync(facets)).Facets!.Tag!.Single().Name == "Cranes and quays");

        // An entity made through one is found in the text of articles written through two.
        var name = ExtractionTestHelpers.UniqueWord("Porthaven");
        var entity = await editor.CreateEntityAsync(name);
        await EventuallyAsync(async () =>
        {
            var written = await editorOnTwo.CreateArticleAsync(await editorOnTwo.ArticleAboutAsync($"{name} opens a quay", "Nothing else."));
            return written.Entities.Any(e => e.Id == entity.Id);
        });
    }

    [Fact]
    public async Task AReplicaAppliesWhatOthersWrote_NotWhatItWroteItself()
    {
        // Followers that look only when told to.
        await using var one = new ConfiguredApiFactory(_database, ("Replicas:PollInterval", "00:10:00"), ("Replicas:Listen", "false"));
        await using var two = new ConfiguredApiFactory(_database, ("Replicas:PollInterval", "00:10:00"), ("Replicas:Listen", "false"));
        var follower = one.Services.GetRequiredService<ChangeFeedFollower>();
        var reader = one.CreateClientFor(null);
        var editor = one.CreateClient();
        var mine = await editor.CreateArticleAsync();
        var theirs = await editor.CreateArticleAsync();
        _ = two.Services;
        await ResponseCacheTests.ExtractionSettledAsync(one);
        await follower.CatchUpAsync(CancellationToken.None);
        var (minePage, theirsPage) = ($"/v1/articles/{mine.Slug}", $"/v1/articles/{theirs.Slug}");
        await ResponseCacheTests.CacheOfAsync(reader, minePage);
        await ResponseCacheTests.CacheOfAsync(reader, theirsPage);

        // Its own write retired its own page when it committed; followed, it retires nothing more.
        using (var patched = await editor.MergePatchAsync($"/v1/articles/{mine.Slug}", """{"headline":"Patched through one"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        Assert.Equal("miss", await ResponseCacheTests.CacheOfAsync(reader, minePage));
        Assert.Equal(1, await follower.CatchUpAsync(CancellationToken.None));
        Assert.Equal("hit", await ResponseCacheTests.CacheOfAsync(reader, minePage));
        Assert.Equal("hit", await ResponseCacheTests.CacheOfAsync(reader, theirsPage));

        // Another's write, followed: applied, and only the answers that show it retired.
        using (var patched = await two.CreateClient().MergePatchAsync($"/v1/articles/{theirs.Slug}", """{"headline":"Patched through two"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        }

        Assert.Equal("hit", await ResponseCacheTests.CacheOfAsync(reader, theirsPage));
        Assert.True(await follower.CatchUpAsync(CancellationToken.None) > 0);
        using var read = await reader.GetAsync(theirsPage);
        Assert.Equal("miss", read.Header("X-Cache"));
        Assert.Equal("Patched through two", (await read.ReadAsync<ArticleResponse>()).Headline);
        Assert.Equal("hit", await ResponseCacheTests.CacheOfAsync(reader, minePage));
    }

    /// <summary>An instance of the service on this test's database, following the others every <see cref="PollInterval"/>.</summary>
    private ConfiguredApiFactory Instance()
    {
        return new ConfiguredApiFactory(_database, ("Replicas:PollInterval", PollInterval.ToString()));
    }

    /// <summary>Asks again until the answer is as expected; fails once <see cref="Bound"/> has passed since the first try.</summary>
    internal static async Task EventuallyAsync(Func<Task<bool>> shows)
    {
        var clock = Stopwatch.StartNew();
        while (!await shows())
        {
            Assert.True(clock.Elapsed < Bound, $"Not shown by the other replica after {clock.Elapsed.TotalMilliseconds:F0} ms.");
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        _database.Dispose();
    }
}
