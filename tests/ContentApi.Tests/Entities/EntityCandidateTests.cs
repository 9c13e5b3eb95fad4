using System.Net;
using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Entities;
using ContentApi.Http;
using ContentApi.Tests.Articles;

namespace ContentApi.Tests.Entities;

/// <summary>
/// The candidates review queue (capitalised phrases that name no known entity), accepting and
/// rejecting candidates, and the background re-extraction that follows entity writes.
/// </summary>
public sealed class EntityCandidateTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task Pending_AreSortedByArticlesThenCount_WithTheArticlesTheyWereSeenIn()
    {
        await using var own = new ContentApiFactory();
        var client = own.CreateClient();
        var (wide, deep) = (Phrase("Ardent"), Phrase("Bellow"));
        var first = await client.CreateArticleAsync(await client.ArticleAboutAsync("Quiet day", $"We met {wide} here. We met {deep}, {deep} and {deep}."));
        var second = await client.CreateArticleAsync(await client.ArticleAboutAsync("Quiet night", $"We met {wide} again."));

        var page = await client.GetElementAsync("/v1/entities/candidates?limit=100");
        var items = page.GetProperty("items").EnumerateArray().ToList();
        var texts = items.Select(i => i.GetProperty("text").GetString()).ToList();
        Assert.True(texts.IndexOf(wide) >= 0 && texts.IndexOf(wide) < texts.IndexOf(deep), string.Join(", ", texts));
        var wideItem = items.Single(i => i.GetProperty("text").GetString() == wide);
        Assert.Equal(2, wideItem.GetProperty("articleCount").GetInt32());
        Assert.Equal(2, wideItem.GetProperty("count").GetInt32());
        Assert.Equal("pending", wideItem.GetProperty("status").GetString());
        Assert.Equal([second.Slug, first.Slug], wideItem.GetProperty("examples").EnumerateArray().Select(e => e.GetProperty("slug").GetString()));
        var deepItem = items.Single(i => i.GetProperty("text").GetString() == deep);
        Assert.Equal((1, 3), (deepItem.GetProperty("articleCount").GetInt32(), deepItem.GetProperty("count").GetInt32()));

        // Rewriting an article replaces its sightings; deleting it removes them.
        using (var put = await client.PutArticleAsync(first.Slug, await client.ArticleAboutAsync("Quiet day", "Nothing to see.") with { Slug = first.Slug }))
        {
            await put.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using (var deleted = await client.DeleteArticleAsync(second.Slug))
        {
            await deleted.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        var after = (await client.GetElementAsync("/v1/entities/candidates?limit=100")).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("text").GetString()).ToList();
        Assert.DoesNotContain(wide, after);
        Assert.DoesNotContain(deep, after);
    }

    [Fact]
    public async Task Pages_FollowNextUntilEveryCandidateIsSeen()
    {
        await using var own = new ContentApiFactory();
        var client = own.CreateClient();
        var phrases = Enumerable.Range(0, 5).Select(_ => Phrase("Cinder")).ToList();
        await client.CreateArticleAsync(await client.ArticleAboutAsync("Quiet day", string.Join(" ", phrases.Select(p => $"We met {p}."))));

        var seen = new List<string?>();
        var url = "/v1/entities/candidates?limit=2";
        while (url is not null)
        {
            var page = await client.GetElementAsync(url);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()));
            url = page.GetProperty("next").GetString();
        }

        Assert.Subset(seen.ToHashSet(), phrases.Cast<string?>().ToHashSet());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Accept_CreatesTheEntity_AndUpdatesTheArticlesThatUseIt_InTheBackground()
    {
        var client = api.CreateClient();
        var phrase = Phrase("Dunmore");
        var mentioning = new[]
        {
            await client.CreateArticleAsync(await client.ArticleAboutAsync("Quiet day", $"We met {phrase}, and then {phrase} left.")),
            await client.CreateArticleAsync(await client.ArticleAboutAsync("Quiet night", $"Later we met {phrase.ToUpperInvariant()}.")),
        };
        var candidate = await PendingCandidateAsync(client, phrase);

        using var accepted = await client.SendJsonAsync(HttpMethod.Post, $"/v1/entities/candidates/{candidate}/accept",
            new AcceptCandidateRequest(EntityType.Person, Aliases: ["Dunny"]));
        await accepted.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var entity = await accepted.ReadAsync<EntityResponse>();
        Assert.Equal(phrase, entity.Name);
        Assert.Equal(EntityType.Person, entity.Type);
        Assert.Equal($"/v1/entities/{entity.Id}", accepted.Headers.Location?.OriginalString);

        var job = await client.WaitForJobAsync(ExtractionTestHelpers.ExtractionLink(accepted));
        Assert.Equal((ExtractionJobStatus.Done, entity.Id, 2, 2), (job.Status, job.EntityId, job.ArticlesScanned, job.ArticlesChanged));
        foreach (var article in mentioning)
        {
            var (after, _) = await client.GetArticleAsync(article.Slug);
            Assert.Contains((entity.Id, EntityOrigin.Extracted), after.Links().Select(l => (l.Id, l.Origin)));
        }

        var decided = await client.GetElementAsync("/v1/entities/candidates?status=accepted&limit=100");
        var item = decided.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == candidate);
        Assert.Equal(entity.Id, item.GetProperty("entityId").GetString());
        Assert.DoesNotContain(phrase, await PendingTextsAsync(client));

        using var again = await client.SendJsonAsync(HttpMethod.Post, $"/v1/entities/candidates/{candidate}/accept", new AcceptCandidateRequest(EntityType.Person));
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task AnEntityMadeAnotherWay_TakesItsPhraseOutOfThePendingQueue()
    {
        var client = api.CreateClient();
        var phrase = Phrase("Eldren");
        await client.CreateArticleAsync(await client.ArticleAboutAsync("Quiet day", $"We met {phrase} today."));
        var candidate = await PendingCandidateAsync(client, phrase);

        var (entity, link) = await client.CreateNamedEntityAsync(phrase, type: EntityType.Person);
        var job = await client.WaitForJobAsync(link);

        Assert.Equal(1, job.ArticlesChanged);
        Assert.DoesNotContain(phrase, await PendingTextsAsync(client));
        var accepted = await client.GetElementAsync("/v1/entities/candidates?status=accepted&limit=100");
        Assert.Contains(accepted.GetProperty("items").EnumerateArray(),
            i => i.GetProperty("id").GetString() == candidate && i.GetProperty("entityId").GetString() == entity.Id);
    }

    [Fact]
    public async Task Reject_MeansThePhraseIsNeverProposedAgain_InAnyCaseOrAccent()
    {
        var client = api.CreateClient();
        var phrase = Phrase("Fennick");
        await client.CreateArticleAsync(await client.ArticleAboutAsync("Quiet day", $"We met {phrase} today."));
        var candidate = await PendingCandidateAsync(client, phrase);

        using (var rejected = await client.PostAsync($"/v1/entities/candidates/{candidate}/reject", null))
        {
            await rejected.ShouldHaveStatusAsync(HttpStatusCode.OK);
            Assert.Equal(CandidateStatus.Rejected, (await rejected.ReadAsync<CandidateResponse>()).Status);
        }

        var accented = phrase.Replace("e", "é", StringComparison.Ordinal);
        await client.CreateArticleAsync(await client.ArticleAboutAsync("Quiet night", $"We met {accented} and {phrase.ToUpperInvariant()} again."));

        Assert.DoesNotContain(await PendingTextsAsync(client), t => EntityMatcher.KeyOf(t!) == EntityMatcher.KeyOf(phrase));
        var rejectedList = await client.GetElementAsync("/v1/entities/candidates?status=rejected&limit=100");
        var item = rejectedList.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == candidate);
        Assert.Equal(2, item.GetProperty("articleCount").GetInt32());
    }

    [Fact]
    public async Task AddingAnAlias_ReExtractsTheArticlesThatUseIt_AndCountsTheChangedOnes()
    {
        var client = api.CreateClient();
        var (entity, created) = await client.CreateNamedEntityAsync(ExtractionTestHelpers.UniqueWord("Gorse"));
        await client.WaitForJobAsync(created);
        var alias = ExtractionTestHelpers.UniqueWord("Gorsey");
        var using1 = await client.CreateArticleAsync(await client.ArticleAboutAsync($"{alias} speaks", "Nothing else."));
        var using2 = await client.CreateArticleAsync(await client.ArticleAboutAsync("Quiet", $"And {alias}'s friends."));
        var unrelated = await client.CreateArticleAsync(await client.ArticleAboutAsync("Quiet", "Nobody at all."));

        using var patched = await client.MergePatchAsync($"/v1/entities/{entity.Slug}", $"{{\"aliases\": [\"{alias}\"]}}");
        await patched.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var job = await client.WaitForJobAsync(ExtractionTestHelpers.ExtractionLink(patched));

        Assert.Equal((ExtractionJobStatus.Done, 2, 2), (job.Status, job.ArticlesScanned, job.ArticlesChanged));
        Assert.Contains(entity.Id, (await client.GetArticleAsync(using1.Slug)).Article.Entities.Select(e => e.Id));
        Assert.Contains(entity.Id, (await client.GetArticleAsync(using2.Slug)).Article.Entities.Select(e => e.Id));
        Assert.DoesNotContain(entity.Id, (await client.GetArticleAsync(unrelated.Slug)).Article.Entities.Select(e => e.Id));

        // A write that does not touch the names queues nothing.
        using var described = await client.MergePatchAsync($"/v1/entities/{entity.Slug}", "{\"description\": \"Changed.\"}");
        await described.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Null(ExtractionTestHelpers.ExtractionLink(described));
    }

    [Fact]
    public async Task Accept_ValidatesTheEntity_AndUnknownOrBadInputIsAProblem()
    {
        var client = api.CreateClient();
        var phrase = Phrase("Hallam");
        await client.CreateArticleAsync(await client.ArticleAboutAsync("Quiet day", $"We met {phrase} today."));
        var candidate = await PendingCandidateAsync(client, phrase);

        using (var noType = await client.SendJsonAsync(HttpMethod.Post, $"/v1/entities/candidates/{candidate}/accept", "{}"))
        {
            (await noType.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("type");
        }

        using (var badSlug = await client.SendJsonAsync(HttpMethod.Post, $"/v1/entities/candidates/{candidate}/accept", "{\"type\": \"person\", \"slug\": \"Not A Slug\"}"))
        {
            (await badSlug.ShouldBeValidationProblemAsync()).ShouldHaveErrorFor("slug");
        }

        using (var badType = await client.SendJsonAsync(HttpMethod.Post, $"/v1/entities/candidates/{candidate}/accept", "{\"type\": \"planet\"}"))
        {
            await badType.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }

        foreach (var id in new[] { "999999", "abc" })
        {
            using var missing = await client.SendJsonAsync(HttpMethod.Post, $"/v1/entities/candidates/{id}/accept", "{\"type\": \"person\"}");
            await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
            using var missingReject = await client.PostAsync($"/v1/entities/candidates/{id}/reject", null);
            await missingReject.ShouldBeProblemAsync(HttpStatusCode.NotFound);
            using var missingJob = await client.GetAsync($"/v1/entities/extraction-jobs/{id}");
            await missingJob.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        foreach (var query in new[] { "status=maybe", "limit=0", "cursor=nonsense" })
        {
            using var bad = await client.GetAsync($"/v1/entities/candidates?{query}");
            await bad.ShouldBeValidationProblemAsync();
        }

        Assert.Contains(phrase, await PendingTextsAsync(client));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData(ApiRole.Reader, HttpStatusCode.Forbidden)]
    [InlineData(ApiRole.Partner, HttpStatusCode.Forbidden)]
    public async Task OnlyEditorsMayReviewCandidatesOrReadJobs(ApiRole? role, HttpStatusCode expected)
    {
        var client = api.CreateClientFor(role);
        using (var list = await client.GetAsync("/v1/entities/candidates"))
        {
            await list.ShouldBeProblemAsync(expected);
        }

        using (var accept = await client.SendJsonAsync(HttpMethod.Post, "/v1/entities/candidates/1/accept", "{\"type\": \"person\"}"))
        {
            await accept.ShouldBeProblemAsync(expected);
        }

        using (var reject = await client.PostAsync("/v1/entities/candidates/1/reject", null))
        {
            await reject.ShouldBeProblemAsync(expected);
        }

        using var job = await client.GetAsync("/v1/entities/extraction-jobs/1");
        await job.ShouldBeProblemAsync(expected);
    }

    /// <summary>Two capitalised words no other test uses, such as "Ardentqwe Mossbrook".</summary>
    private static string Phrase(string prefix) => $"{ExtractionTestHelpers.UniqueWord(prefix)} {ExtractionTestHelpers.UniqueWord("Moss")}";

    private static async Task<string> PendingCandidateAsync(HttpClient client, string phrase)
    {
        var page = await client.GetElementAsync("/v1/entities/candidates?limit=100");
        return page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("text").GetString() == phrase).GetProperty("id").GetString()!;
    }

    private static async Task<List<string?>> PendingTextsAsync(HttpClient client)
    {
        var texts = new List<string?>();
        var url = "/v1/entities/candidates?limit=100";
        while (url is not null)
        {
            var page = await client.GetElementAsync(url);
            texts.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()));
            url = page.GetProperty("next").GetString();
        }

        return texts;
    }
}
