using ContentApi.Articles;

namespace ContentApi.Tests.Units;

public sealed class ArticleBodyRendererTests
{
    [Fact]
    public void RenderJoinsParagraphTextWithABlankLine()
    {
        var body = ArticleBodyRenderer.Render("First paragraph about **Bamako**.\n\n## A heading\n\nSecond   paragraph\nwith a [link](https://example.com).");

        Assert.Equal("First paragraph about Bamako.\n\nA heading\n\nSecond paragraph with a link.", body.Text);
        Assert.Contains("<strong>Bamako</strong>", body.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.com\"", body.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderLeavesBlocksWithoutWordsOutOfTheText()
    {
        var body = ArticleBodyRenderer.Render("Before the rule.\n\n---\n\n<p> \t </p>\n\n- after\n- it");

        Assert.Equal("Before the rule.\n\nafter it", body.Text);
        Assert.Equal(5, body.WordCount);
    }

    [Fact]
    public void RenderCountsWordsOfTheText()
    {
        var body = ArticleBodyRenderer.Render("One two *three*.\n\n- four\n- five-six");

        Assert.Equal(5, body.WordCount);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(230, 1)]
    [InlineData(231, 2)]
    [InlineData(1000, 5)]
    public void RenderReadingTimeIsWholeMinutesAt230WordsAMinuteAtLeastOne(int words, int minutes)
    {
        var body = ArticleBodyRenderer.Render(string.Join(' ', Enumerable.Repeat("word", words)));

        Assert.Equal(words, body.WordCount);
        Assert.Equal(minutes, body.ReadingTimeMinutes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n  ")]
    [InlineData("<script>alert(1)</script>")]
    public void RenderBodyWithNoReadableTextHasNoWordsAndNoReadingTime(string markdown)
    {
        var body = ArticleBodyRenderer.Render(markdown);

        Assert.Equal("", body.Text);
        Assert.Equal(0, body.WordCount);
        Assert.Equal(0, body.ReadingTimeMinutes);
    }

    [Theory]
    [InlineData("Hello <script>alert('x')</script> world", "<script")]
    [InlineData("<img src=\"https://example.com/a.jpg\" onerror=\"alert(1)\">", "onerror")]
    [InlineData("[click](javascript:alert(1))", "javascript:")]
    [InlineData("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", "data:")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>text", "<iframe")]
    [InlineData("<p style=\"background:url(javascript:alert(1))\">x</p>", "javascript")]
    [InlineData("<svg><script>alert(1)</script></svg>", "alert")]
    public void RenderRemovesExecutableHtml(string markdown, string forbidden)
    {
        var body = ArticleBodyRenderer.Render(markdown);

        Assert.DoesNotContain(forbidden, body.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert", body.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AnglesAroundWordsThatAreNoTag_DoNotSwallowTheRestOfTheParagraph()
    {
        // A wire story's style: "<Sedio N.V.>" reads as an open element the sanitizer removes; what follows it stays.
        var body = ArticleBodyRenderer.Render("Shares were sold to\n<Sedio N.V.> of Lugano for 50,000 dlrs.\n    The company said the *warrants* expire in five years.");

        Assert.Equal("Shares were sold to of Lugano for 50,000 dlrs. The company said the warrants expire in five years.", body.Text);
        Assert.Contains("<em>warrants</em>", body.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("sedio", body.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("a <Company onclick=\"alert(1)\">b <script>alert(1)</script> c</Company> d", "onclick")]
    [InlineData("a <Company>b <iframe src=\"https://evil.example\"></iframe> c</Company> d", "<iframe")]
    [InlineData("a <Company>b <img src=\"https://example.com/a.jpg\" onerror=\"alert(1)\"> c</Company> d", "onerror")]
    public void ContentKeptFromUnknownElements_IsSanitizedLikeTheRest(string markdown, string forbidden)
    {
        var body = ArticleBodyRenderer.Render(markdown);

        Assert.DoesNotContain(forbidden, body.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert", body.Text, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("a b", body.Text, StringComparison.Ordinal);
        Assert.EndsWith("c d", body.Text, StringComparison.Ordinal);
    }
}
