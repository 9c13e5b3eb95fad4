using System.Net;
using ContentApi.Bylines;
using ContentApi.Persistence;
using ContentApi.Entities;
using ContentApi.Tags;
using ContentApi.Tests.Entities;
using ContentApi.Tests.Revisions;
using ContentApi.Trash;

namespace ContentApi.Tests.Trash;

/// <summary>Bylines, tags and entities no article uses go to the trash when deleted, and come back with their id.</summary>
public sealed class ReferenceTrashTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task ADeletedTag_IsRestoredWithItsIdSlugAndFields()
    {
        var tag = await _client.CreateTagAsync("Climate");
        await _client.ShouldDeleteAsync($"/v1/tags/{tag.Id}");
        using (var gone = await _client.GetAsync($"/v1/tags/{tag.Slug}"))
        {
            await gone.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        var item = await _client.TrashItemOfAsync(TrashKind.Tag, tag.Id);
        Assert.Equal(("Climate", tag.Slug), (item.Name, item.Slug));

        using var response = await _client.RestoreFromTrashAsync(item.Id);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        Assert.Equal($"/v1/tags/{tag.Id}", response.Headers.Location?.OriginalString);
        var restored = await _client.GetAsync($"/v1/tags/{tag.Slug}").ShouldSucceedAsync<TagResponse>();
        TrashTestHelpers.ShouldEqualAsJson(tag, restored);
    }

    [Fact]
    public async Task ADeletedByline_IsRestoredWithItsId()
    {
        var byline = await _client.CreateBylineAsync("Awa Diallo");
        await _client.ShouldDeleteAsync($"/v1/bylines/{byline.Slug}");

        using var response = await _client.RestoreFromTrashAsync((await _client.TrashItemOfAsync(TrashKind.Byline, byline.Id)).Id);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        TrashTestHelpers.ShouldEqualAsJson(byline, await _client.GetAsync($"/v1/bylines/{byline.Id}").ShouldSucceedAsync<BylineResponse>());
    }

    [Fact]
    public async Task ADeletedEntity_IsRestored_AndFoundInArticlesAgain()
    {
        var name = ExtractionTestHelpers.UniqueWord("Kidalville");
        var entity = await _client.CreateEntityAsync(name);
        var article = await _client.CreateArticleAsync(await _client.NewArticleRequestAsync() with { Body = $"Fighting near {name} resumed." });
        Assert.Contains(article.Entities, e => e.Id == entity.Id);
        await _client.ShouldDeleteAsync($"/v1/entities/{entity.Id}");

        using var response = await _client.RestoreFromTrashAsync((await _client.TrashItemOfAsync(TrashKind.Entity, entity.Id)).Id);

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        TrashTestHelpers.ShouldEqualAsJson(entity, await _client.GetAsync($"/v1/entities/{entity.Id}").ShouldSucceedAsync<EntityResponse>());
        await Eventually(async () =>
            (await _client.GetAsync($"/v1/articles/{article.Id}").ShouldSucceedAsync<ContentApi.Articles.ArticleResponse>())
                .Entities.Any(e => e.Id == entity.Id));
    }

    [Fact]
    public async Task ATagInUse_IsStillRefused_AndNotTrashed()
    {
        var request = await _client.NewArticleRequestAsync();
        await _client.CreateArticleAsync(request);

        using var response = await _client.DeleteAsync($"/v1/tags/{request.TagIds![0]}");

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.DoesNotContain(await _client.TrashAsync(), i => i.Kind == TrashKind.Tag && i.ResourceId == request.TagIds[0]);
    }

    [Fact]
    public async Task Restore_IsA409_WhenItsSlugWasTakenSince()
    {
        var tag = await _client.CreateTagAsync();
        await _client.ShouldDeleteAsync($"/v1/tags/{tag.Id}");
        await _client.PostAndReadAsync<TagResponse>("/v1/tags", new TagRequest(tag.Slug, "Another", null, TagType.Topic));

        using var response = await _client.RestoreFromTrashAsync((await _client.TrashItemOfAsync(TrashKind.Tag, tag.Id)).Id);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains($"'{tag.Slug}'", problem.GetProperty("detail").GetString());
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The condition did not hold within 30 seconds.");
    }
}
