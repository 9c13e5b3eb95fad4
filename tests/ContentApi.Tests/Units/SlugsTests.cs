using ContentApi.Http;

namespace ContentApi.Tests.Units;

public sealed class SlugsTests
{
    [Theory]
    [InlineData("Mali’s Foreign Minister", "malis-foreign-minister")]
    [InlineData("Mali's Foreign Minister", "malis-foreign-minister")]
    [InlineData("Élise Marchand-Touré", "elise-marchand-toure")]
    [InlineData("Côte d’Ivoire: São Tomé & Zürich", "cote-divoire-sao-tome-zurich")]
    [InlineData("Straße in Łódź, Ærø and Øresund", "strasse-in-lodz-aero-and-oresund")]
    [InlineData("  Hello, World!!! -- again?  ", "hello-world-again")]
    [InlineData("Lavrov (Sergei) in Bamako/Moura", "lavrov-sergei-in-bamako-moura")]
    [InlineData("COP29 2027 eclipse", "cop29-2027-eclipse")]
    public void FromMakesLowercaseAsciiWords(string text, string expected)
    {
        var slug = Slugs.From(text);

        Assert.Equal(expected, slug);
        Assert.True(Slugs.IsValid(slug));
    }

    [Theory]
    [InlineData("2027", "n-2027")]
    [InlineData("2026 11 26", "n-2026-11-26")]
    public void FromAllDigitTextGetsALetterSoItCannotBeMistakenForAnId(string text, string expected)
    {
        var slug = Slugs.From(text);

        Assert.Equal(expected, slug);
        Assert.True(Slugs.IsValid(slug));
        Assert.False(Lookup.TryParseId(slug, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("!!! ??? …")]
    [InlineData("’'’")]
    [InlineData("Москва 北京")]
    public void FromTextWithNoLettersOrDigitsIsUntitled(string text) =>
        Assert.Equal("untitled", Slugs.From(text));

    [Fact]
    public void FromLongTextIsCutAtAWordBoundaryWithinTheLimit()
    {
        var text = string.Join(' ', Enumerable.Repeat("Sahel security talks continue", 20));
        var full = string.Join('-', Enumerable.Repeat("sahel-security-talks-continue", 20));

        var slug = Slugs.From(text);

        Assert.InRange(slug.Length, 21, 80);
        Assert.True(Slugs.IsValid(slug));
        Assert.StartsWith(slug + "-", full, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200, 'a')]
    [InlineData(200, '7')]
    public void FromOneLongWordIsStillAValidSlug(int length, char c)
    {
        var slug = Slugs.From(new string(c, length));

        Assert.InRange(slug.Length, 1, 80);
        Assert.True(Slugs.IsValid(slug), $"'{slug}' is not valid");
    }

    [Theory]
    [InlineData("mali")]
    [InlineData("mali-russia-talks")]
    [InlineData("cop29")]
    [InlineData("2027-eclipse")]
    [InlineData("n-2027")]
    public void IsValidAcceptsLowercaseHyphenatedWordsWithALetter(string slug) => Assert.True(Slugs.IsValid(slug));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2027")]
    [InlineData("Mali")]
    [InlineData("-mali")]
    [InlineData("mali-")]
    [InlineData("mali--russia")]
    [InlineData("mali russia")]
    [InlineData("mali_russia")]
    [InlineData("touré")]
    [InlineData("a/b")]
    public void IsValidRejectsAnythingElse(string? slug) => Assert.False(Slugs.IsValid(slug));

    [Fact]
    public void IsValidRejectsMoreThan200Characters()
    {
        Assert.True(Slugs.IsValid(new string('a', 200)));
        Assert.False(Slugs.IsValid(new string('a', 201)));
    }
}
