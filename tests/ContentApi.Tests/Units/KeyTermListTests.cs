using System.Text.Json;
using ContentApi.Persistence;
using ContentApi.ReadModel;
using ContentApi.Related;

namespace ContentApi.Tests.Units;

/// <summary>An article's key terms as the read model keeps them: numbered words and weights, read back as they went in.</summary>
public sealed class KeyTermListTests
{
    private static readonly KeyTerm[] Terms = [new("minist", "Minister", 2.5f), new("cafe", "café", 1), new("bamako", "Bamako", 1.75f)];

    [Fact]
    public void Kept_ReadsBackEveryTermInOrder()
    {
        KeyTermList kept = [.. Terms];

        Assert.Equal(Terms, kept);
        Assert.Equal(Terms.Length, kept.Count);
        Assert.Equal(Terms[1], kept[1]);
    }

    [Fact]
    public void Equality_IsByTerms_WhetherKeptOrTransient()
    {
        KeyTermList kept = [.. Terms];
        KeyTermList same = [.. Terms];
        KeyTermList reweighed = [.. Terms[..2], Terms[2] with { Weight = 1.5f }];

        Assert.Equal(kept, same);
        Assert.Equal(kept, KeyTermList.Transient(Terms));
        Assert.Equal(KeyTermList.Transient(Terms), kept);
        Assert.NotEqual(kept, reweighed);
        Assert.NotEqual(kept, KeyTermList.Transient(Terms[..2]));
    }

    [Fact]
    public void StoredFacts_RoundTripTheTerms()
    {
        var facts = new ArticleFacts(7, ArticleStatus.Published, null, "news", "en", true, null, [], [], [], Terms: [.. Terms]);

        var read = JsonSerializer.Deserialize<ArticleFacts>(JsonSerializer.Serialize(facts, ArticleDocuments.FactsJson), ArticleDocuments.FactsJson)!;

        Assert.Equal(Terms, read.Terms!);
    }
}
