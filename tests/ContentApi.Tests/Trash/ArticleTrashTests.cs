using System.Net;
using ContentApi.Access;
using ContentApi.Persistence;
using ContentApi.Articles;
using ContentApi.Related;
using ContentApi.Tests.Articles;
using ContentApi.Tests.Revisions;
using ContentApi.Trash;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.Trash;

/// <summary>Deleting an article moves it to the trash: gone for everyone, restorable with its id until purged.</summary>
public sealed class ArticleTrashTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task ADeletedArticle_IsGoneForEveryone_AndInTheTrash()
    {
        var article = await _client.CreateArticleAsync();

        await _client.ShouldDeleteAsync($"/v1/articles/{article.Id}");

        foreach (var role in new ApiRole?[] { null, ApiRole.Partner, ApiRole.Editor })
        {
            using var client = api.CreateClientFor(role);
            await client.ShouldNotExistAsync(article.Id);
            await client.ShouldNotExistAsync(article.Slug);
        }

        var item = await _client.TrashItemOfAsync(TrashKind.Article, article.Id);
        Assert.Equal(article.Slug, item.Slug);
        Assert.Equal(article.Headline, item.Name);
        Assert.Equal("test Editor", item.DeletedBy?.Name);
        Assert.Equal(api.Clock.GetUtcNow().UtcDateTime, item.DeletedAt);
        Assert.Equal(item.DeletedAt.AddDays(30), item.PurgeAfter);
    }

    [Fact]
    public async Task Restore_BringsItBackWithItsIdContentHistoryAndCorrections_InListsSearchAndRelated()
    {
        // Unrelated articles first: on a corpus of just these two, their shared tag would be on every article and weigh nothing.
        await _client.CreateArticleAsync();
        await _client.CreateArticleAsync();
        var word = "zq" + Guid.NewGuid().ToString("N")[..8];
        var shared = "zq" + Guid.NewGuid().ToString("N")[..8];
        var request = await _client.NewArticleRequestAsync() with { Body = $"The {word} talks on {shared}.\n\nSecond paragraph." };
        var article = await _client.CreateArticleAsync(request);
        var other = await _client.NewArticleRequestAsync();
        // Shares a tag and a rare word, but not everything: identical features published together would be a near-duplicate.
        var neighbour = await _client.CreateArticleAsync(other with { Body = $"The {shared} talks resumed.", TagIds = [.. other.TagIds!, request.TagIds![0]] });
        using (var corrected = await _client.MergePatchAsync($"/v1/articles/{article.Id}", """{"headline": "Talks end", "correction": "The talks ended a day later."}"""))
        {
            await corrected.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        var (before, _) = await _client.GetArticleAsync(article.Id);
        await _client.ShouldDeleteAsync($"/v1/articles/{article.Slug}");
        var item = await _client.TrashItemOfAsync(TrashKind.Article, article.Id);

        using var response = await _client.RestoreFromTrashAsync(item.Id);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        Assert.Equal($"/v1/articles/{article.Id}", response.Headers.Location?.OriginalString);
        using var anonymous = api.CreateClientFor(null);
        var (after, _) = await anonymous.GetArticleAsync(article.Slug);
        Assert.Equal(article.Id, after.Id);
        TrashTestHelpers.ShouldEqualAsJson(before, after);
        Assert.Equal("The talks ended a day later.", Assert.Single(after.Corrections).Note);
        Assert.Equal([2, 1], (await _client.RevisionsAsync(article.Id)).Select(r => r.Number));
        Assert.DoesNotContain(await _client.TrashAsync(), i => i.Id == item.Id);

        var list = await anonymous.GetAsync("/v1/articles?limit=100").ShouldSucceedAsync<ArticleList>();
        Assert.Contains(list.Items, i => i.Id == article.Id);
        var search = await anonymous.GetAsync($"/v1/articles?q={word}").ShouldSucceedAsync<ArticleList>();
        Assert.Equal(article.Id, Assert.Single(search.Items).Id);
        var related = await anonymous.GetAsync($"/v1/articles/{neighbour.Id}/related").ShouldSucceedAsync<RelatedList>();
        Assert.Contains(related.Items, r => r.Article.Id == article.Id);
    }

    [Fact]
    public async Task Restore_KeepsFormerSlugsRedirecting()
    {
        var article = await _client.CreateArticleAsync();
        var renamed = TestData.Unique("renamed");
        using (var patch = await _client.MergePatchAsync($"/v1/articles/{article.Id}", $$"""{"slug": "{{renamed}}"}"""))
        {
            await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        await _client.ShouldDeleteAsync($"/v1/articles/{article.Id}");
        using (var restored = await _client.RestoreFromTrashAsync((await _client.TrashItemOfAsync(TrashKind.Article, article.Id)).Id))
        {
            await restored.ShouldHaveStatusAsync(HttpStatusCode.Created);
        }

        using var client = api.CreateNonRedirectingClient();
        using var old = await client.GetAsync($"/v1/articles/{article.Slug}");
        Assert.Equal(HttpStatusCode.PermanentRedirect, old.StatusCode);
        Assert.Equal($"/v1/articles/{renamed}", old.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Restore_IsA409_WhenItsSlugWasTakenSince()
    {
        var request = await _client.NewArticleRequestAsync();
        var article = await _client.CreateArticleAsync(request);
        await _client.ShouldDeleteAsync($"/v1/articles/{article.Id}");
        await _client.CreateArticleAsync(await _client.NewArticleRequestAsync() with { Slug = article.Slug });
        var item = await _client.TrashItemOfAsync(TrashKind.Article, article.Id);

        using var response = await _client.RestoreFromTrashAsync(item.Id);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains($"'{article.Slug}'", problem.GetProperty("detail").GetString());
        Assert.Contains("taken", problem.GetProperty("title").GetString());
        Assert.Contains(await _client.TrashAsync(), i => i.Id == item.Id);
    }

    [Fact]
    public async Task Restore_IsA409_WhenATagItUsedWasDeletedSince()
    {
        var request = await _client.NewArticleRequestAsync();
        var article = await _client.CreateArticleAsync(request);
        await _client.ShouldDeleteAsync($"/v1/articles/{article.Id}");
        await _client.ShouldDeleteAsync($"/v1/tags/{request.TagIds![0]}");

        using var response = await _client.RestoreFromTrashAsync((await _client.TrashItemOfAsync(TrashKind.Article, article.Id)).Id);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains($"There is no tag with id '{request.TagIds[0]}'", problem.GetProperty("detail").GetString());
        await _client.ShouldNotExistAsync(article.Id);
    }

    [Fact]
    public async Task Restore_KeepsItsPins_ExceptToArticlesDeletedSince()
    {
        var kept = await _client.CreateArticleAsync();
        var doomed = await _client.CreateArticleAsync();
        var article = await _client.CreateArticleAsync(await _client.NewArticleRequestAsync() with { RelatedArticleIds = [doomed.Id, kept.Id] });
        await _client.ShouldDeleteAsync($"/v1/articles/{article.Id}");
        await _client.ShouldDeleteAsync($"/v1/articles/{doomed.Id}");

        using var response = await _client.RestoreFromTrashAsync((await _client.TrashItemOfAsync(TrashKind.Article, article.Id)).Id);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        Assert.Equal([kept.Id], (await _client.GetArticleAsync(article.Id)).Article.RelatedArticles.Select(r => r.Id));
    }

    [Fact]
    public async Task Purge_RemovesItForGood()
    {
        var article = await _client.CreateArticleAsync();
        await _client.ShouldDeleteAsync($"/v1/articles/{article.Id}");
        var item = await _client.TrashItemOfAsync(TrashKind.Article, article.Id);

        await _client.ShouldDeleteAsync($"/v1/trash/{item.Id}");

        Assert.DoesNotContain(await _client.TrashAsync(), i => i.Id == item.Id);
        using var restore = await _client.RestoreFromTrashAsync(item.Id);
        await restore.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        using var again = await _client.DeleteAsync($"/v1/trash/{item.Id}");
        await again.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(ApiRole.Reader, HttpStatusCode.Forbidden)]
    [InlineData(ApiRole.Partner, HttpStatusCode.Forbidden)]
    public async Task OnlyEditorsMayUseTheTrash(ApiRole? role, HttpStatusCode expected)
    {
        var article = await _client.CreateArticleAsync();
        await _client.ShouldDeleteAsync($"/v1/articles/{article.Id}");
        var item = await _client.TrashItemOfAsync(TrashKind.Article, article.Id);
        using var client = api.CreateClientFor(role);

        using var list = await client.GetAsync("/v1/trash");
        using var restore = await client.RestoreFromTrashAsync(item.Id);
        using var purge = await client.DeleteAsync($"/v1/trash/{item.Id}");

        await list.ShouldBeProblemAsync(expected);
        await restore.ShouldBeProblemAsync(expected);
        await purge.ShouldBeProblemAsync(expected);
        Assert.Contains(await _client.TrashAsync(), i => i.Id == item.Id);
    }

    [Theory]
    [InlineData("999999")]
    [InlineData("not-a-number")]
    public async Task UnknownItems_Are404Problems(string id)
    {
        using var restore = await _client.RestoreFromTrashAsync(id);
        using var purge = await _client.DeleteAsync($"/v1/trash/{id}");

        await restore.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await purge.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}

/// <summary>The trash is purged after Trash:RetentionDays; its own factory, since it moves the clock by weeks.</summary>
public sealed class TrashRetentionTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task ItemsArePurged_OnceTheirRetentionHasPassed_AndNotBefore()
    {
        var article = await _client.CreateArticleAsync();
        var tag = await _client.CreateTagAsync();
        await _client.ShouldDeleteAsync($"/v1/articles/{article.Id}");
        var item = await _client.TrashItemOfAsync(TrashKind.Article, article.Id);
        api.Clock.Advance(TimeSpan.FromDays(20));
        await _client.ShouldDeleteAsync($"/v1/tags/{tag.Id}");
        var purger = api.Services.GetRequiredService<TrashPurger>();

        api.Clock.Advance(TimeSpan.FromDays(9));
        await purger.PurgeExpiredAsync(CancellationToken.None);
        Assert.Contains(await _client.TrashAsync(), i => i.Id == item.Id);

        api.Clock.Advance(TimeSpan.FromDays(1));
        await purger.PurgeExpiredAsync(CancellationToken.None);

        var left = await _client.TrashAsync();
        Assert.DoesNotContain(left, i => i.Id == item.Id);
        Assert.Contains(left, i => i.Kind == TrashKind.Tag && i.ResourceId == tag.Id);
        using var restore = await _client.RestoreFromTrashAsync(item.Id);
        await restore.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
