using System.Net;
using System.Text.Json.Nodes;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Tests.Articles;
using ContentApi.Tests.Transfer;
using ContentApi.Transfer;

namespace ContentApi.Tests.Entities;

/// <summary>
/// Entities found in article text on every write (create, PUT, merge patch, import), next to the
/// editor's picks, which come first and survive, and the editor's rejections, which are never extracted.
/// </summary>
public sealed class EntityExtractionTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task Create_ExtractsTheEntitiesTheTextNames_WithCounts_MostSalientFirst()
    {
        var client = api.CreateClient();
        var (lead, _) = await client.CreateNamedEntityAsync(ExtractionTestHelpers.UniqueWord("Harrow"));
        var (late, _) = await client.CreateNamedEntityAsync(ExtractionTestHelpers.UniqueWord("Kestel"));
        var (absent, _) = await client.CreateNamedEntityAsync(ExtractionTestHelpers.UniqueWord("Ombry"));

        var article = await client.CreateArticleAsync(await client.ArticleAboutAsync(
            $"{lead.Name} opens talks",
            $"Officials from {lead.Name} met on Monday.\n\nLater, {late.Name} was mentioned once and {lead.Name} again."));

        Assert.Equal([(lead.Id, EntityOrigin.Extracted, 3), (late.Id, EntityOrigin.Extracted, 1)], article.Links());
        Assert.DoesNotContain(article.Entities, e => e.Id == absent.Id);
        var saliences = article.EntityMentions.Select(m => m.Salience).ToList();
        Assert.True(saliences[0] > saliences[1], $"Expected the headline entity first: {string.Join(", ", saliences)}");
        Assert.Equal(0.25, saliences[1], 3);
        Assert.Empty(article.RejectedEntityIds);
    }

    [Fact]
    public async Task AliasesAndPossessives_AreFoundThroughTheEndpoint()
    {
        var client = api.CreateClient();
        var word = ExtractionTestHelpers.UniqueWord("Brask");
        var (group, _) = await client.CreateNamedEntityAsync($"{word} Group", [word]);

        var article = await client.CreateArticleAsync(await client.ArticleAboutAsync(
            "Fighters leave the north", $"{word}'s fighters left. The {word} Group said so; {word.ToUpperInvariant()}’s men agreed."));

        Assert.Equal([(group.Id, EntityOrigin.Extracted, 3)], article.Links());
    }

    [Fact]
    public async Task EditorPicks_ComeFirstInTheEditorsOrder_AndKeepOriginEditorWhenAlsoFound()
    {
        var client = api.CreateClient();
        var (named, _) = await client.CreateNamedEntityAsync(ExtractionTestHelpers.UniqueWord("Tarn"));
        var (unnamed, _) = await client.CreateNamedEntityAsync(ExtractionTestHelpers.UniqueWord("Velm"));
        var (found, _) = await client.CreateNamedEntityAsync(ExtractionTestHelpers.UniqueWord("Dorr"));

        var article = await client.CreateArticleAsync(await client.ArticleAboutAsync(
            $"{found.Name} and {found.Name} again", $"{named.Name} said little.\n\n{found.Name} said more.", entityIds: [unnamed.Id, named.Id]));

        Assert.Equal(
            [(unnamed.Id, EntityOrigin.Editor, 0), (named.Id, EntityOrigin.Editor, 1), (found.Id, EntityOrigin.Extracted, 3)],
            article.Links());
        // A pick the text never names is as salient as the most salient entity found.
        Assert.Equal(article.EntityMentions.Max(m => m.Salience), article.EntityMentions[0].Salience);

        using var reread = await client.GetAsync($"/v1/articles/{article.Slug}");
        Assert.Equal(article.Links(), (await reread.ReadAsync<ArticleResponse>()).Links());
    }

    [Fact]
    public async Task RejectedEntities_AreNeverExtracted_ByCreatePutOrAnEntityChange()
    {
        var client = api.CreateClient();
        var (rejected, _) = await client.CreateNamedEntityAsync(ExtractionTestHelpers.UniqueWord("Quell"));
        var request = await client.ArticleAboutAsync($"{rejected.Name} in the news", $"{rejected.Name} again.", rejectedEntityIds: [rejected.Id]);

        var created = await client.CreateArticleAsync(request);
        Assert.Empty(created.Entities);
        Assert.Equal([rejected.Id], created.RejectedEntityIds);

        using (var put = await client.PutArticleAsync(created.Slug, request with { Body = $"{rejected.Name} once more." }))
        {
            await put.ShouldHaveStatusAsync(HttpStatusCode.OK);
            Assert.Empty((await put.ReadAsync<ArticleResponse>()).Entities);
        }

        using var renamed = await client.MergePatchAsync($"/v1/entities/{rejected.Id}", "{\"aliases\": [\"Quellers\"]}");
        await renamed.ShouldHaveStatusAsync(HttpStatusCode.OK);
        await client.WaitForJobAsync(ExtractionTestHelpers.ExtractionLink(renamed));
        var (after, _) = await client.GetArticleAsync(created.Slug);
        Assert.Empty(after.Entities);
        Assert.Equal([rejected.Id], after.RejectedEntityIds);
    }

    [Fact]
    public async Task PutAndPatch_ExtractAgainFromTheNewText()
    {
        var client = api.CreateClient();
        var (before, _) = await client.CreateNamedEntityAsync(ExtractionTestHelpers.UniqueWord("Lisk"));
        var (after, _) = await client.CreateNamedEntityAsync(ExtractionTestHelpers.UniqueWord("Morv"));
        var request = await client.ArticleAboutAsync("A quiet day", $"{before.Name} spoke.");
        var created = await client.CreateArticleAsync(request);
        Assert.Equal([before.Id], created.Entities.Select(e => e.Id));

        using (var put = await client.PutArticleAsync(created.Slug, request with { Body = $"{after.Name} spoke." }))
        {
            await put.ShouldHaveStatusAsync(HttpStatusCode.OK);
            Assert.Equal([after.Id], (await put.ReadAsync<ArticleResponse>()).Entities.Select(e => e.Id));
        }

        using var patch = await client.MergePatchAsync($"/v1/articles/{created.Slug}", $"{{\"headline\": \"{before.Name} and {after.Name}\"}}");
        await patch.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var patched = await patch.ReadAsync<ArticleResponse>();
        Assert.Equal([(after.Id, EntityOrigin.Extracted, 2), (before.Id, EntityOrigin.Extracted, 1)], patched.Links());
    }

    [Fact]
    public async Task MergePatch_DoesNotTurnExtractedEntitiesIntoEditorPicks()
    {
        var client = api.CreateClient();
        var (found, _) = await client.CreateNamedEntityAsync(ExtractionTestHelpers.UniqueWord("Sarn"));
        var (picked, _) = await client.CreateNamedEntityAsync(ExtractionTestHelpers.UniqueWord("Pell"));
        var (rejected, _) = await client.CreateNamedEntityAsync(ExtractionTestHelpers.UniqueWord("Rook"));
        var created = await client.CreateArticleAsync(await client.ArticleAboutAsync(
            "Talks resume", $"{found.Name} and {rejected.Name} attended.", entityIds: [picked.Id], rejectedEntityIds: [rejected.Id]));

        using (var patch = await client.MergePatchAsync($"/v1/articles/{created.Slug}", "{\"headline\": \"Talks resume at last\"}"))
        {
            var patched = await patch.ReadAsync<ArticleResponse>();
            Assert.Equal([(picked.Id, EntityOrigin.Editor, 0), (found.Id, EntityOrigin.Extracted, 1)], patched.Links());
            Assert.Equal([rejected.Id], patched.RejectedEntityIds);
        }

        // Once the text no longer names it, the extracted entity goes; the editor's pick and rejection stay.
        using var reworded = await client.MergePatchAsync($"/v1/articles/{created.Slug}", $"{{\"body\": \"{rejected.Name} attended alone.\"}}");
        var final = await reworded.ReadAsync<ArticleResponse>();
        Assert.Equal([(picked.Id, EntityOrigin.Editor, 0)], final.Links());
        Assert.Equal([rejected.Id], final.RejectedEntityIds);
    }

    [Fact]
    public async Task RejectedEntityIds_AreValidatedLikeEntityIds()
    {
        var client = api.CreateClient();
        var (entity, _) = await client.CreateNamedEntityAsync(ExtractionTestHelpers.UniqueWord("Vask"));
        var request = await client.ArticleAboutAsync("Headline", "Body.");

        using (var unknown = await client.SendJsonAsync(HttpMethod.Post, "/v1/articles", request with { RejectedEntityIds = ["999999", "x"] }))
        {
            var errors = await unknown.ShouldBeValidationProblemAsync();
            errors.ShouldHaveErrorFor("rejectedEntityIds[0]");
            errors.ShouldHaveErrorFor("rejectedEntityIds[1]");
        }

        using (var twice = await client.SendJsonAsync(HttpMethod.Post, "/v1/articles", request with { RejectedEntityIds = [entity.Id, entity.Id] }))
        {
            (await twice.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("rejectedEntityIds");
        }

        using var both = await client.SendJsonAsync(HttpMethod.Post, "/v1/articles", request with { EntityIds = [entity.Id], RejectedEntityIds = [entity.Id] });
        Assert.Contains("both", (await both.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("rejectedEntityIds[0]")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletingAnEntity_IsRefusedOnlyForEditorPicks_AndRemovesItWhereItWasFound()
    {
        var client = api.CreateClient();
        var (found, _) = await client.CreateNamedEntityAsync(ExtractionTestHelpers.UniqueWord("Garn"));
        var (picked, _) = await client.CreateNamedEntityAsync(ExtractionTestHelpers.UniqueWord("Holt"));
        var article = await client.CreateArticleAsync(await client.ArticleAboutAsync(
            $"{found.Name} and {picked.Name}", "Nothing more.", entityIds: [picked.Id]));

        using (var refused = await client.DeleteAsync($"/v1/entities/{picked.Id}"))
        {
            var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal(1, problem.GetProperty("articleCount").GetInt32());
        }

        using (var deleted = await client.DeleteAsync($"/v1/entities/{found.Id}"))
        {
            await deleted.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        var (after, _) = await client.GetArticleAsync(article.Slug);
        Assert.Equal([(picked.Id, EntityOrigin.Editor, 1)], after.Links());
        using var search = await client.GetAsync($"/v1/articles?entity={picked.Slug}");
        Assert.Contains((await search.ReadAsync<ArticleList>()).Items, i => i.Id == article.Id);
    }

    [Fact]
    public async Task Import_Extracts_ExportWritesEditorPicksAndRejectionsOnly_AndTheExportImportsToTheSameEntities()
    {
        await using var source = new ContentApiFactory();
        var from = source.CreateClient();
        var (found, picked, rejected) = (ExtractionTestHelpers.UniqueWord("Arlo"), ExtractionTestHelpers.UniqueWord("Brenn"), ExtractionTestHelpers.UniqueWord("Coll"));
        var lines = new[]
        {
            new JsonObject { ["record"] = "byline", ["slug"] = "writer", ["name"] = "A Writer", ["role"] = "Reporter" },
            new JsonObject { ["record"] = "entity", ["slug"] = "found", ["name"] = found, ["type"] = "place" },
            new JsonObject { ["record"] = "entity", ["slug"] = "picked", ["name"] = picked, ["type"] = "person" },
            new JsonObject { ["record"] = "entity", ["slug"] = "rejected", ["name"] = rejected, ["type"] = "person", ["aliases"] = new JsonArray("Collo") },
            new JsonObject
            {
                ["record"] = "article", ["slug"] = "imported", ["headline"] = $"{found} votes", ["body"] = $"{found} and {rejected} and Collo.\n\n{found} again.",
                ["section"] = "World", ["status"] = "published", ["publishAt"] = "2026-10-01T08:00:00Z", ["bylines"] = new JsonArray(new JsonObject { ["byline"] = "writer" }),
                ["entities"] = new JsonArray("picked"), ["rejectedEntities"] = new JsonArray("rejected"),
            },
        };
        await from.ImportAndReportAsync(string.Join('\n', lines.Select(l => l.ToJsonString())));
        var (imported, _) = await from.GetArticleAsync("imported");
        var ids = await IdsBySlugAsync(from, ["found", "picked", "rejected"]);
        Assert.Equal([(ids["picked"], EntityOrigin.Editor, 0), (ids["found"], EntityOrigin.Extracted, 3)], imported.Links());
        Assert.Equal([ids["rejected"]], imported.RejectedEntityIds);

        var export = await from.ExportAsync();
        var line = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).Single(l => (string?)l["slug"] == "imported");
        Assert.Equal(["picked"], line["entities"]!.AsArray().Select(e => (string?)e));
        Assert.Equal(["rejected"], line["rejectedEntities"]!.AsArray().Select(e => (string?)e));

        await using var target = new ContentApiFactory();
        var to = target.CreateClient();
        Assert.Equal(new ImportReport(5, 5, 0, 0), await to.ImportAndReportAsync(export));
        var before = TransferTestHelpers.WithoutIdsAndRowTimes(await from.GetJsonAsync("/v1/articles/imported"));
        var after = TransferTestHelpers.WithoutIdsAndRowTimes(await to.GetJsonAsync("/v1/articles/imported"));
        Assert.True(JsonNode.DeepEquals(before, after), $"Before: {before}\nAfter:  {after}");
        Assert.Equal(new ImportReport(5, 0, 0, 5), await to.ImportAndReportAsync(export));
    }

    private static async Task<Dictionary<string, string>> IdsBySlugAsync(HttpClient client, string[] slugs)
    {
        var ids = new Dictionary<string, string>();
        foreach (var slug in slugs)
        {
            ids[slug] = (string)(await client.GetJsonAsync($"/v1/entities/{slug}"))["id"]!;
        }

        return ids;
    }
}
