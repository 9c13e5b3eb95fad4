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

    [Fact]
    public void FormsOfOneKey_EachReadBackAsTheArticleWritesIt()
    {
        KeyTermList singular = [new("keytermlisttestminist", "minister", 1)];
        KeyTermList plural = [new("keytermlisttestminist", "ministers", 2)];
        KeyTermList capital = [new("keytermlisttestminist", "Minister", 3)];

        Assert.Equal(new KeyTerm("keytermlisttestminist", "minister", 1), singular[0]);
        Assert.Equal(new KeyTerm("keytermlisttestminist", "ministers", 2), plural[0]);
        Assert.Equal(new KeyTerm("keytermlisttestminist", "Minister", 3), capital[0]);
        Assert.NotNull(capital.Packed);
    }

    [Fact]
    public void AKeyWithMoreFormsThanAPlaceHolds_IsHeldAsItIs_AndStillIndexedByItsKey()
    {
        const string key = "keytermlisttestovermany";
        var lists = Enumerable.Range(0, 200).Select(i => KeyTermList.Create([new(key, $"form{i}", i)])).ToList();

        Assert.All(lists, (list, i) => Assert.Equal(new KeyTerm(key, $"form{i}", i), list[0]));
        Assert.NotNull(lists[0].Packed);
        Assert.Null(lists[199].Packed);
        Assert.True(KeyWords.TryNumberOf(key, out var number));
        var numbers = lists[199].Numbers();
        Assert.Equal(number, KeyTermList.KeyAt(numbers, 0));
        Assert.Equal(199f, KeyTermList.WeightAt(numbers, 0));
        Assert.Equal(lists[199], KeyTermList.Transient([new(key, "form199", 199)]));
    }

    [Fact]
    public void StoredFacts_ShareOneStringPerSectionAndLanguage()
    {
        var facts = new ArticleFacts(7, ArticleStatus.Published, null, new string("world".ToCharArray()), "en", true, null, [], [], []);
        var stored = JsonSerializer.Serialize(facts, ArticleDocuments.FactsJson);

        var first = JsonSerializer.Deserialize<ArticleFacts>(stored, ArticleDocuments.FactsJson)!;
        var second = JsonSerializer.Deserialize<ArticleFacts>(stored, ArticleDocuments.FactsJson)!;

        Assert.Equal("world", first.Section);
        Assert.Same(first.Section, second.Section);
        Assert.Same(first.Language, second.Language);
    }
}
