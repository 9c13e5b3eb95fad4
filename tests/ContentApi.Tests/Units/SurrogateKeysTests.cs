using ContentApi.Persistence;
using ContentApi.ReadModel;
using ContentApi.Related;

namespace ContentApi.Tests.Units;

/// <summary>Which surrogate keys an article write names: what it changed, and the lists it may enter or leave.</summary>
public sealed class SurrogateKeysTests
{
    private static readonly ArticleFacts Before = new(
        7, ArticleStatus.Published, new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), "World", "en", true, null,
        TagIds: [1, 2], BylineIds: [3], EntityIds: [4, 5], EntitySalience: [1f, 0.5f])
    {
        Slug = "a-story",
        Headline = "A story",
        UpdatedAt = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    [Theory]
    [InlineData(FeatureKind.Tag, 5, "tag-5", "tag-5-articles")]
    [InlineData(FeatureKind.Byline, 3, "byline-3", "byline-3-articles")]
    [InlineData(FeatureKind.Entity, 20_000, "entity-20000", "entity-20000-articles")]
    [InlineData(FeatureKind.Entity, 5_000_000, "entity-5000000", "entity-5000000-articles")] // past what is kept: made each time
    public void AReferencesKeys_AreItsKindAndId_WhetherKeptOrNot(FeatureKind kind, int id, string own, string withIt)
    {
        Assert.Equal(own, SurrogateKeys.Of(kind, id));
        Assert.Equal(withIt, SurrogateKeys.ArticlesWith(kind, id));
        Assert.Equal(own, SurrogateKeys.Of(kind, id));
    }

    [Fact]
    public void AKeyTermsKey_IsTheSame_ForAKeptListAndADraftsList()
    {
        var kept = new HashSet<string>();
        var draft = new HashSet<string>();
        var terms = new KeyTerm[] { new("surrogat", "surrogate", 2f), new("stem", "stems", 1f) };

        SurrogateKeys.AddTerms(kept, KeyTermList.Create(terms));
        SurrogateKeys.AddTerms(draft, KeyTermList.Transient(terms));

        Assert.Equal(2, kept.Count);
        Assert.All(kept, key => Assert.Matches("^term-[0-9a-f]{8}$", key));
        Assert.Equal(kept, draft);
    }

    [Fact]
    public void AnEditThatMovesOnlyHowCentralItsEntitiesAre_RetiresWhatWasFoundThroughThem_NotEveryList()
    {
        var after = Before with { EntitySalience = [0.6f, 1f], UpdatedAt = Before.UpdatedAt.AddMinutes(1) };

        var keys = Keys(Before, after);

        Assert.Contains("article-7", keys);
        Assert.Contains("entity-4-articles", keys);
        Assert.Contains("entity-5-articles", keys);
        Assert.DoesNotContain(SurrogateKeys.Articles, keys);
        Assert.DoesNotContain("tag-1-articles", keys);
        Assert.DoesNotContain("byline-3-articles", keys);
        Assert.DoesNotContain(SurrogateKeys.ArticlesByHeadline, keys);
    }

    [Fact]
    public void AnEditThatChangesItsEntities_RetiresEveryListThatMayHoldIt()
    {
        var after = Before with { EntityIds = [4], EntitySalience = null, UpdatedAt = Before.UpdatedAt.AddMinutes(1) };

        var keys = Keys(Before, after);

        Assert.Contains(SurrogateKeys.Articles, keys);
        Assert.Contains("tag-1-articles", keys);
        Assert.Contains("entity-5-articles", keys);
    }

    [Fact]
    public void AnEditOfItsTextAlone_RetiresItsOwnKeysAndSearch_NotTheListsThatMayHoldIt()
    {
        var after = Before with { UpdatedAt = Before.UpdatedAt.AddMinutes(1) };

        var keys = Keys(Before, after);

        Assert.Contains("article-7", keys);
        Assert.Contains(SurrogateKeys.ArticleText, keys);
        Assert.Contains(SurrogateKeys.ArticlesByUpdate, keys);
        Assert.DoesNotContain(SurrogateKeys.Articles, keys);
        Assert.DoesNotContain("entity-4-articles", keys);
    }

    private static HashSet<string> Keys(ArticleFacts old, ArticleFacts @new)
    {
        var keys = new HashSet<string>();
        SurrogateKeys.AddArticleChange(keys, old, @new);
        return keys;
    }
}
