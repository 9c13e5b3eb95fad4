using ContentApi.Tags;
using ContentApi.Transfer;

namespace ContentApi.Tests.Units;

/// <summary>How an import cuts its records into batches: by count, by kind, and by the article text a batch holds.</summary>
public sealed class ImportBatchTests
{
    private static ArticleRecord Article(int bodyLength) =>
        new("a-slug", "A headline", "A standfirst.", new string('w', bodyLength), "world");

    private static TagRequest Tag() => new("a-tag", "A tag");

    /// <summary>Whether the next record after these starts a new batch, with the text they hold counted as the importer counts it.</summary>
    private static bool StartsNewBatch(IReadOnlyList<object> pending, object next) =>
        ContentImporter.StartsNewBatch(pending, pending.Sum(ContentImporter.TextOf), next);

    [Fact]
    public void ArticlesOfUsualLength_FillABatchByCount()
    {
        var pending = Enumerable.Range(0, ContentImporter.BatchSize - 1).Select(_ => (object)Article(4_000)).ToList();

        Assert.False(StartsNewBatch(pending, Article(4_000)));
        pending.Add(Article(4_000));
        Assert.True(StartsNewBatch(pending, Article(4_000)));
    }

    [Fact]
    public void LongArticles_FillABatchByText_LongBeforeItsCount()
    {
        // Twenty articles near the longest body a line may have stay under the bound; the twenty-first passes it.
        var pending = Enumerable.Range(0, 20).Select(_ => (object)Article(199_000)).ToList();

        Assert.False(StartsNewBatch(pending, Article(199_000)));
        pending.Add(Article(199_000));
        Assert.True(StartsNewBatch(pending, Article(199_000)));
    }

    [Fact]
    public void OneArticleLongerThanTheBound_IsABatchOfItsOwn()
    {
        Assert.False(StartsNewBatch([], Article(5_000_000)));
        Assert.True(StartsNewBatch([Article(5_000_000)], Article(10)));
    }

    [Fact]
    public void AnotherKindOfRecord_StartsANewBatch_AndReferencesCountNoText()
    {
        Assert.True(StartsNewBatch([Tag()], Article(10)));
        Assert.True(StartsNewBatch([Article(10)], Tag()));
        Assert.Equal(0, ContentImporter.TextOf(Tag()));
        Assert.Equal("A headline".Length + "A standfirst.".Length + 10, ContentImporter.TextOf(Article(10)));
    }
}
