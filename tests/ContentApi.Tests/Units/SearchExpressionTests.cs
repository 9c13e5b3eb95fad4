using ContentApi.Articles;

namespace ContentApi.Tests.Units;

/// <summary>
/// What a reader types becomes one search expression (FTS5's syntax, with every word quoted), which PostgreSQL reads as
/// the same query in tsquery syntax: words and phrases all required, a trailing * a prefix, OR (from entity
/// re-extraction) any of them, and nothing a reader types read as an operator.
/// </summary>
public sealed class SearchExpressionTests
{
    [Theory]
    [InlineData("mali", "\"mali\"", "('mali')")]
    [InlineData("foreign minister", "\"foreign\" \"minister\"", "('foreign') & ('minister')")]
    [InlineData("\"foreign minister\" mali*", "\"foreign minister\" \"mali\"*", "('foreign' <-> 'minister') & ('mali':*)")]
    [InlineData("foreign-minis*", "\"foreign minis\"*", "('foreign' <-> 'minis':*)")]
    [InlineData("wagner gro* OR NOT (bamako)", "\"wagner\" \"gro\"* \"OR\" \"NOT\" \"bamako\"", "('wagner') & ('gro':*) & ('OR') & ('NOT') & ('bamako')")]
    [InlineData("it's 3.5% & <-> :*", "\"it s\" \"3 5\"", "('it' <-> 's') & ('3' <-> '5')")]
    public void ReadersWords_AreTheSameQuery_OnBothDatabases(string typed, string fts5, string tsquery)
    {
        var match = ArticleSearchIndex.ToMatchExpression(typed);

        Assert.Equal(fts5, match);
        Assert.Equal(tsquery, ArticleSearchIndex.ToTsQuery(match!));
    }

    [Fact]
    public void PhrasesJoinedWithOr_AreAnyOfThem()
    {
        var names = $"{ArticleSearchIndex.ToMatchExpression("\"Assimi Goita\"")} OR {ArticleSearchIndex.ToMatchExpression("Goita")}";

        Assert.Equal("('assimi' <-> 'goita') | ('goita')", ArticleSearchIndex.ToTsQuery(names).ToLowerInvariant());
    }
}
