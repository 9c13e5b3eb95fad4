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
}
