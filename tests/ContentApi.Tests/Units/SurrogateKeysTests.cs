using ContentApi.Persistence;
using ContentApi.ReadModel;

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
