using System.Net;
using System.Text.Json;
using ContentApi.Articles;
using ContentApi.Http;
using ContentApi.Persistence;
using ContentApi.Related;
using ContentApi.Tests.Access;
using Microsoft.Extensions.DependencyInjection;
using static ContentApi.Tests.Caching.ResponseCacheTests;

namespace ContentApi.Tests.Caching;

/// <summary>
/// A write retires exactly the kept answers that show what it changed, or whose result set it may enter or leave, by
/// their surrogate keys; every other kept answer stays (X-Cache: hit). One test per kind of resource written.
/// </summary>
public sealed class RetirementTests(OneInstanceFactory api) : IClassFixture<OneInstanceFactory>
{
    [Fact]
    public async Task AnArticleEdit_RetiresItsPageAndTheListsShowingIt_NotAnUnrelatedArticleOrList()
    {
        var (editor, reader) = (api.CreateClient(), api.CreateClientFor(null));
        var edited = await editor.CreateArticleAsync();
        // Its own words too: articles that share words are related through them, and an edit of one's words may change the other's box.
        var unrelated = await editor.CreateArticleAsync((await editor.NewArticleRequestAsync()) with
        {
            Headline = "Orchard growers count the cherry harvest", Standfirst = "Cold nights, sweet fruit.", Body = "Pickers filled crates before noon.",
        });
        await ExtractionSettledAsync(api);
        var (editedPage, unrelatedPage) = ($"/v1/articles/{edited.Slug}", $"/v1/articles/{unrelated.Slug}");
        var (itsTag, otherTag) = ($"/v1/articles?tag={edited.Tags[0].Slug}", $"/v1/articles?tag={unrelated.Tags[0].Slug}&include=bylines,tags&count=true");
        var (unrelatedRelated, otherTagPage) = ($"/v1/articles/{unrelated.Slug}/related", $"/v1/tags/{unrelated.Tags[0].Slug}");
        string[] all = [editedPage, unrelatedPage, itsTag, otherTag, unrelatedRelated, otherTagPage];
        await WarmAsync(reader, all);

        using (var patch = await editor.MergePatchAsync($"/v1/articles/{edited.Id}", """{"headline":"Edited, and only this retires"}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        Assert.Equal("miss", await CacheOfAsync(reader, editedPage));
        Assert.Equal("miss", await CacheOfAsync(reader, itsTag));
        Assert.Equal("hit", await CacheOfAsync(reader, unrelatedPage));
        Assert.Equal("hit", await CacheOfAsync(reader, otherTag));
        Assert.Equal("hit", await CacheOfAsync(reader, unrelatedRelated));
        Assert.Equal("hit", await CacheOfAsync(reader, otherTagPage));
    }

    [Fact]
    public async Task ANewArticle_RetiresTheListsItEnters_NotAnotherTagsListOrAnyArticle()
    {
        var (editor, reader) = (api.CreateClient(), api.CreateClientFor(null));
        var existing = await editor.CreateArticleAsync();
        var other = await editor.CreateArticleAsync();
        await ExtractionSettledAsync(api);
        var (entered, notEntered) = ($"/v1/articles?tag={existing.Tags[0].Slug}&count=true", $"/v1/articles?tag={other.Tags[0].Slug}&count=true");
        var page = $"/v1/articles/{existing.Slug}";
        await WarmAsync(reader, entered, notEntered, page);

        var request = await editor.NewArticleRequestAsync();
        var added = await editor.CreateArticleAsync(request with { TagIds = [existing.Tags[0].Id] });
        await ExtractionSettledAsync(api);

        using var list = await reader.GetAsync(entered);
        Assert.Equal("miss", list.Header("X-Cache"));
        Assert.Contains(added.Slug, (await list.ReadAsync<ArticleList>()).Items.Select(i => i.Slug));
        Assert.Equal("hit", await CacheOfAsync(reader, notEntered));
        Assert.Equal("hit", await CacheOfAsync(reader, page));
    }

    [Fact]
    public async Task ABylineEdit_RetiresThePagesThatShowIt_NotAnotherBylinesArticle()
    {
        var (editor, reader) = (api.CreateClient(), api.CreateClientFor(null));
        var shown = await editor.CreateArticleAsync();
        var other = await editor.CreateArticleAsync();
        await ExtractionSettledAsync(api);
        var byline = shown.Bylines[0].Byline;
        var (page, otherPage, bylinePage) = ($"/v1/articles/{shown.Slug}", $"/v1/articles/{other.Slug}", $"/v1/bylines/{byline.Slug}");
        var withBylines = $"/v1/articles?tag={shown.Tags[0].Slug}&include=bylines";
        await WarmAsync(reader, page, otherPage, bylinePage, withBylines);

        using (var patch = await editor.MergePatchAsync($"/v1/bylines/{byline.Slug}", """{"bio":"Now covers the Sahel and the Maghreb."}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var read = await reader.GetAsync(page);
        Assert.Equal("miss", read.Header("X-Cache"));
        Assert.Equal("Now covers the Sahel and the Maghreb.", (await read.ReadAsync<ArticleResponse>()).Bylines[0].Byline.Bio);
        Assert.Equal("miss", await CacheOfAsync(reader, bylinePage));
        Assert.Equal("miss", await CacheOfAsync(reader, withBylines));
        Assert.Equal("hit", await CacheOfAsync(reader, otherPage));
    }

    [Fact]
    public async Task ATagRename_RetiresWhatShowsItsName_NotAnotherTagsPages()
    {
        var (editor, reader) = (api.CreateClient(), api.CreateClientFor(null));
        var shown = await editor.CreateArticleAsync();
        var other = await editor.CreateArticleAsync();
        await ExtractionSettledAsync(api);
        var tag = shown.Tags[0];
        var (page, otherPage) = ($"/v1/articles/{shown.Slug}", $"/v1/articles/{other.Slug}");
        var (withTags, otherWithTags) = ($"/v1/articles?tag={tag.Slug}&include=tags", $"/v1/articles?tag={other.Tags[0].Slug}&include=tags");
        await WarmAsync(reader, page, otherPage, withTags, otherWithTags);

        using (var patch = await editor.MergePatchAsync($"/v1/tags/{tag.Slug}", """{"name":"Renamed tag"}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var read = await reader.GetAsync(page);
        Assert.Equal("miss", read.Header("X-Cache"));
        Assert.Equal("Renamed tag", (await read.ReadAsync<ArticleResponse>()).Tags[0].Name);
        using var list = await reader.GetAsync(withTags);
        Assert.Equal("Renamed tag", (await list.ReadAsync<ArticleList>()).Items[0].Tags![0].Name);
        Assert.Equal("hit", await CacheOfAsync(reader, otherPage));
        Assert.Equal("hit", await CacheOfAsync(reader, otherWithTags));
    }

    [Fact]
    public async Task AnEntityEdit_RetiresThePagesThatShowIt_NotAnotherEntitysArticle()
    {
        var (editor, reader) = (api.CreateClient(), api.CreateClientFor(null));
        var shown = await editor.CreateArticleAsync();
        var other = await editor.CreateArticleAsync();
        await ExtractionSettledAsync(api);
        var entity = shown.Entities[0];
        var (page, otherPage, entityPage) = ($"/v1/articles/{shown.Slug}", $"/v1/articles/{other.Slug}", $"/v1/entities/{entity.Slug}");
        await WarmAsync(reader, page, otherPage, entityPage);

        using (var patch = await editor.MergePatchAsync($"/v1/entities/{entity.Slug}", """{"description":"Described anew."}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var read = await reader.GetAsync(page);
        Assert.Equal("miss", read.Header("X-Cache"));
        Assert.Equal("Described anew.", (await read.ReadAsync<ArticleResponse>()).Entities[0].Description);
        Assert.Equal("miss", await CacheOfAsync(reader, entityPage));
        Assert.Equal("hit", await CacheOfAsync(reader, otherPage));
    }

    /// <summary>
    /// An edit of an article that shares a word with a related list's source names the list, and the source's page
    /// with its box (the article could enter it), but they are not dropped: the next request checks it and, when ranking again gives the same list, sends it
    /// again. An edit that changes the list (the article now shares the source's story) drops it.
    /// </summary>
    [Fact]
    public async Task AWordEdit_KeepsARelatedListItDoesNotChange_AndRetiresOneItChanges()
    {
        var (editor, reader) = (api.CreateClient(), api.CreateClientFor(null));
        var request = await editor.NewArticleRequestAsync();
        var source = await editor.CreateArticleAsync(request with
        {
            Slug = null, Headline = "Faroe lighthouse keepers sound the last foghorn", Standfirst = "Keepers on Nolsoy hand the lamp to a machine.",
            Body = "The Faroe lighthouse keepers wound the foghorn by hand for ninety winters. Keepers on Nolsoy now leave the lamp to a machine.",
        });
        var close = await editor.CreateArticleAsync(request with
        {
            Slug = null, Headline = "Last Faroe lighthouse keepers leave Nolsoy", Standfirst = "The foghorn falls silent as the keepers go.",
            Body = "Lighthouse keepers on Nolsoy packed the foghorn logbooks. The Faroe keepers handed the lamp to a machine.",
        });
        var written = await editor.CreateArticleAsync((await editor.NewArticleRequestAsync()) with
        {
            Headline = "Harbour dredging resumes by the old lighthouse", Standfirst = "Barges return to the quay.",
            Body = "Dredgers cleared silt from the quay, within sight of the lighthouse.",
        });
        await ExtractionSettledAsync(api);
        var (related, page) = ($"/v1/articles/{source.Slug}/related?limit=1", $"/v1/articles/{source.Slug}?include=related&relatedLimit=1");
        await WarmAsync(reader, related, page);
        using (var first = await reader.GetAsync(related))
        {
            Assert.Equal(close.Slug, (await first.ReadAsync<RelatedList>()).Items.Single().Article.Slug);
        }

        // Words the source and its result do not have: the dredging article still ranks below the result.
        var cache = api.Services.GetRequiredService<ResponseCache>();
        var checkedBefore = cache.Checked;
        using (var patch = await editor.MergePatchAsync($"/v1/articles/{written.Id}", """{"standfirst":"Barges and tugs return to the quay at dawn."}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        await ExtractionSettledAsync(api);
        Assert.Equal("hit", await CacheOfAsync(reader, related));
        Assert.Equal("hit", await CacheOfAsync(reader, page));
        Assert.True(cache.Checked >= checkedBefore + 2, "The edit did not name the related list and the page with it.");

        // Now it is about the keepers too: the source's words weigh differently and the list is ranked again.
        using (var patch = await editor.MergePatchAsync(
            $"/v1/articles/{written.Id}", """{"headline":"Faroe keepers watch the dredgers from the lighthouse","body":"The keepers on Nolsoy sounded the foghorn for the barges."}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        Assert.Equal("miss", await CacheOfAsync(reader, related));
        Assert.Equal("miss", await CacheOfAsync(reader, page));
    }

    /// <summary>
    /// An entity's type weighs it in related lists: a new type retires (through its check) a list found through it, even
    /// when no result shares the entity and no reason shows it.
    /// </summary>
    [Fact]
    public async Task AnEntitysNewType_RetiresARelatedListFoundThroughIt()
    {
        var (editor, reader) = (api.CreateClient(), api.CreateClientFor(null));
        var source = await editor.CreateArticleAsync((await editor.NewArticleRequestAsync()) with
        {
            Headline = "Reindeer herders move north early", Standfirst = "A warm spring sends the herds to the fells.",
            Body = "Reindeer herders drove the herds north across the fells weeks early.",
        });
        var close = await editor.CreateArticleAsync((await editor.NewArticleRequestAsync()) with
        {
            Headline = "Herders follow reindeer to the northern fells", Standfirst = "The spring migration starts early.",
            Body = "The herds crossed the fells north, and the herders followed the reindeer.",
        });
        await ExtractionSettledAsync(api);
        var related = $"/v1/articles/{source.Slug}/related?limit=1";
        await WarmAsync(reader, related);
        using (var first = await reader.GetAsync(related))
        {
            var item = (await first.ReadAsync<RelatedList>()).Items.Single();
            Assert.Equal(close.Slug, item.Article.Slug);
            Assert.DoesNotContain(item.Reasons, reason => reason.Value == source.Entities[0].Slug);
        }

        using (var patch = await editor.MergePatchAsync($"/v1/entities/{source.Entities[0].Slug}", """{"type":"event"}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        Assert.Equal("miss", await CacheOfAsync(reader, related));
    }

    /// <summary>Every cacheable answer names what it shows, for a CDN to purge by; the change log (sync) names what each change changed.</summary>
    [Fact]
    public async Task AnswersAndChanges_NameTheirSurrogateKeys()
    {
        var (editor, partner) = (api.CreateClient(), api.CreateClientFor(ApiRole.Partner));
        var article = await editor.CreateArticleAsync();
        await ExtractionSettledAsync(api);
        var (id, byline, tag, entity) = (article.Id, article.Bylines[0].Byline.Id, article.Tags[0].Id, article.Entities[0].Id);

        using var page = await partner.GetAsync($"/v1/articles/{article.Slug}");
        var pageKeys = page.Header("Surrogate-Key").Split(' ');
        Assert.Superset(new HashSet<string> { $"article-{id}", $"byline-{byline}", $"tag-{tag}", $"entity-{entity}" }, pageKeys.ToHashSet());
        using var list = await partner.GetAsync($"/v1/articles?tag={tag}&include=bylines");
        Assert.Superset(new HashSet<string> { $"article-{id}", $"byline-{byline}", $"tag-{tag}-articles" }, list.Header("Surrogate-Key").Split(' ').ToHashSet());

        var token = await SyncToEndAsync(partner, null);
        using (var patch = await editor.MergePatchAsync($"/v1/articles/{id}", """{"standfirst":"A new standfirst."}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var sync = await partner.GetAsync($"/v1/sync?token={Uri.EscapeDataString(token)}");
        var changed = (await sync.ReadAsync<JsonElement>()).GetProperty("surrogateKeys").EnumerateArray().Select(k => k.GetString()).ToList();
        Assert.Contains($"article-{id}", changed);
    }

    private static async Task<string> SyncToEndAsync(HttpClient client, string? token)
    {
        while (true)
        {
            using var response = await client.GetAsync(token is null ? "/v1/sync" : $"/v1/sync?token={Uri.EscapeDataString(token)}");
            var page = await response.ReadAsync<JsonElement>();
            token = page.GetProperty("token").GetString()!;
            if (!page.GetProperty("hasMore").GetBoolean())
            {
                return token;
            }
        }
    }

    /// <summary>Reads each answer twice: kept by the first read, and the second proves it.</summary>
    private static async Task WarmAsync(HttpClient reader, params string[] urls)
    {
        foreach (var url in urls)
        {
            await CacheOfAsync(reader, url);
            Assert.True(await CacheOfAsync(reader, url) == "hit", $"{url} was not kept.");
        }
    }
}
