using ContentApi.Entities;

namespace ContentApi.Tests.Units;

/// <summary>Analyse reads each text once and must give exactly what Match and Candidates give separately.</summary>
public sealed class EntityMatcherAnalyseTests
{
    private static readonly EntityMatcher Matcher = EntityMatcher.Build(
    [
        (1, "Mali", []),
        (2, "Wagner Group", ["Wagner"]),
        (3, "Sergei Lavrov", ["Lavrov"]),
        (4, "Côte d’Ivoire", ["Ivory Coast"]),
    ]);

    [Theory]
    [InlineData("Lavrov visits Mali", "Wagner's fighters and Assimi Goita.", "Talks in Bamako.\n\nThe Wagner Group and Sergei Lavrov met Assimi Goïta in Côte d'Ivoire.")]
    [InlineData("Nothing known", null, "Only New Names Here and there. Another Phrase.")]
    [InlineData("", "", "")]
    public void GivesWhatMatchAndCandidatesGive(string headline, string? standfirst, string body)
    {
        var (mentions, candidates) = Matcher.Analyse(headline, standfirst, body);

        Assert.Equal(Matcher.Match(headline, standfirst, body).Entities, mentions.Entities);
        Assert.Equal(Matcher.Candidates(headline, standfirst, body), candidates);
    }

    [Fact]
    public void KeyOf_FoldsCaseDiacriticsApostrophesAndPossessives()
    {
        Assert.Equal("cote divoire", EntityMatcher.KeyOf("CÔTE D’Ivoire’s"));
        Assert.Equal(EntityMatcher.KeyOf("Assimi Goïta"), EntityMatcher.KeyOf("assimi GOITA"));
    }
}
