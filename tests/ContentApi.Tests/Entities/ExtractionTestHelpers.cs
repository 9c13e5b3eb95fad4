using System.Net;
using System.Text.Json;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Entities;

namespace ContentApi.Tests.Entities;

/// <summary>Entities with names no other test uses, articles that name them, and waiting for extraction jobs.</summary>
internal static class ExtractionTestHelpers
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A capitalised word of letters only, unique to the test: "Varnholt" + six random letters.</summary>
    public static string UniqueWord(string prefix) =>
        prefix + new string([.. Guid.NewGuid().ToString("N")[..6].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16)))]);

    public static async Task<(EntityResponse Entity, string? JobLink)> CreateNamedEntityAsync(
        this HttpClient client, string name, IReadOnlyList<string>? aliases = null, EntityType type = EntityType.Organisation)
    {
        using var response = await client.SendJsonAsync(HttpMethod.Post, "/v1/entities", new EntityRequest(null, name, type, aliases));
        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        return (await response.ReadAsync<EntityResponse>(), ExtractionLink(response));
    }

    /// <summary>The job URL of a Link header with rel="extraction", or null.</summary>
    public static string? ExtractionLink(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var values)
            ? values.SelectMany(v => v.Split(','))
                .Where(v => v.Contains($"rel=\"{ExtractionJobs.LinkRel}\"", StringComparison.Ordinal))
                .Select(v => v.Trim().Split(';')[0].Trim('<', '>', ' '))
                .SingleOrDefault()
            : null;

    /// <summary>Polls the job until it is done or failed; fails the test after 30 seconds.</summary>
    public static async Task<ExtractionJobResponse> WaitForJobAsync(this HttpClient client, string? jobUrl)
    {
        Assert.NotNull(jobUrl);
        var deadline = DateTime.UtcNow + JobTimeout;
        while (true)
        {
            using var response = await client.GetAsync(jobUrl);
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var job = await response.ReadAsync<ExtractionJobResponse>();
            if (job.Status is ExtractionJobStatus.Done or ExtractionJobStatus.Failed)
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Extraction job {jobUrl} is still {job.Status} after {JobTimeout.TotalSeconds} s.");
            await Task.Delay(50);
        }
    }

    /// <summary>A valid published article with this text, the editor's picks and rejections given.</summary>
    public static async Task<ArticleRequest> ArticleAboutAsync(
        this HttpClient client, string headline, string body, string? standfirst = null,
        IReadOnlyList<string>? entityIds = null, IReadOnlyList<string>? rejectedEntityIds = null) =>
        await client.NewArticleRequestAsync() with
        {
            Headline = headline,
            Standfirst = standfirst,
            Body = body,
            EntityIds = entityIds ?? [],
            RejectedEntityIds = rejectedEntityIds,
        };

    /// <summary>The article's entity ids, mentions and origins, in the order the API gives them.</summary>
    public static (string Id, EntityOrigin Origin, int Mentions)[] Links(this ArticleResponse article)
    {
        Assert.Equal(article.Entities.Select(e => e.Id), article.EntityMentions.Select(m => m.EntityId));
        return [.. article.EntityMentions.Select(m => (m.EntityId, m.Origin, m.Mentions))];
    }

    public static async Task<JsonElement> GetElementAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return await response.ReadAsync<JsonElement>();
    }
}
