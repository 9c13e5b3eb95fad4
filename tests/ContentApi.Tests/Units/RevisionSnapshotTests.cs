using System.Text.Json;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Revisions;

namespace ContentApi.Tests.Units;

/// <summary>
/// A revision's snapshot is the request that writes the article again, without its correction. It is written straight
/// from the request, and must be what the stored snapshots have always been: the request serialized, the correction
/// taken out of the JSON (diffs and restores read snapshots of both ages side by side).
/// </summary>
public sealed class RevisionSnapshotTests
{
    public static TheoryData<ArticleRequest> Requests() =>
    [
        new ArticleRequest(Slug: null, Headline: "A draft", Standfirst: null, Body: "One line.", Section: "World"),
        new ArticleRequest(
            Slug: "mali-ties",
            Headline: "Mali's minister <defends> ties & \"partners\" — in Bamako, Ségou and 東京",
            Standfirst: "A visit, and a defence.",
            Body: "First paragraph about **Bamako**.\n\nSecond, with a [link](https://example.com).",
            Section: "World",
            Status: ArticleStatus.Scheduled,
            PublishAt: new DateTime(2026, 12, 24, 6, 30, 0, DateTimeKind.Utc),
            Language: "fr",
            CanonicalUrl: "https://news.example/world/mali",
            FeaturedImage: new FeaturedImageDto("https://images.example/mali.jpg", "Two ministers", null, "Agency"),
            Syndication: new SyndicationDto(true, "With credit.", new DateTime(2027, 4, 14, 0, 0, 0, DateTimeKind.Utc)),
            Bylines: [new ArticleBylineRequest("3", BylineCredit.Writer), new ArticleBylineRequest("8", BylineCredit.Photographer)],
            TagIds: ["1", "2"],
            EntityIds: ["5"],
            RelatedArticleIds: ["40"],
            RejectedEntityIds: ["7"],
            EmbargoUntil: new DateTime(2026, 12, 24, 8, 0, 0, DateTimeKind.Utc),
            Correction: "An earlier version misspelt Ségou."),
    ];

    [Theory]
    [MemberData(nameof(Requests))]
    public void TheSnapshot_IsTheRequestWithoutItsCorrection_AsStoredSnapshotsAre(ArticleRequest request)
    {
        var node = JsonSerializer.SerializeToNode(request, ArticleRevisions.Json)!.AsObject();
        node.Remove("correction");

        var snapshot = ArticleRevisions.Snapshot(request);

        Assert.Equal(node.ToJsonString(ArticleRevisions.Json), snapshot);
        Assert.DoesNotContain("\"correction\"", snapshot, StringComparison.Ordinal);
        Assert.Equal(request with { Correction = null }, ArticleRevisions.Read(snapshot), new RequestComparer());
    }

    /// <summary>Records compare their lists by reference: these compare as JSON.</summary>
    private sealed class RequestComparer : IEqualityComparer<ArticleRequest>
    {
        public bool Equals(ArticleRequest? x, ArticleRequest? y) =>
            JsonSerializer.Serialize(x, ArticleRevisions.Json) == JsonSerializer.Serialize(y, ArticleRevisions.Json);

        public int GetHashCode(ArticleRequest obj) => 0;
    }
}
