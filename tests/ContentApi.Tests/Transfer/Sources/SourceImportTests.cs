using System.Net;
using ContentApi.Articles;
using ContentApi.Persistence;
using ContentApi.Tests.Articles;
using ContentApi.Transfer;

namespace ContentApi.Tests.Transfer.Sources;

/// <summary>
/// POST /v1/import?from=wordpress|ghost: an export written for these tests in the format's real shape (Fixtures/) is
/// converted and imported into a fresh database as a job; the articles, bylines, tags, images and statuses come out as the
/// converters document, what has no place here is reported, and importing the same export again changes nothing.
/// </summary>
public sealed class SourceImportTests
{
    [Fact]
    public async Task WordPressExport_BecomesArticlesWithTheirStatusesBylinesTagsAndImages_AndAgainChangesNothing()
    {
        await using var api = new ContentApiFactory();
        var client = api.CreateClient();

        var first = await client.MigrateAsync("wordpress", "wordpress.wxr.xml");
        var again = await client.MigrateAsync("wordpress", "wordpress.wxr.xml");

        // Two authors, two tags (Uncategorized is neither a section nor a tag), four posts.
        Assert.Equal(new ImportReport(Lines: 8, Created: 8, Updated: 0, Unchanged: 0), first.Report);
        Assert.Equal(new ImportReport(Lines: 8, Created: 0, Updated: 0, Unchanged: 8), again.Report);
        Assert.Equal((4, 2, 2, 1), (first.Conversion!.Articles, first.Conversion.Bylines, first.Conversion.Tags, first.Conversion.FeaturedImages));

        var (ferry, _) = await client.GetArticleAsync("ferry-strike-ends");
        Assert.Equal((ArticleStatus.Published, new DateTime(2026, 11, 10, 7, 15, 0, DateTimeKind.Utc)), (ferry.Status, ferry.PublishedAt));
        Assert.Equal(("Harbour & Shipping", "en-GB", "Crossings resume after mediators broker a deal."), (ferry.Section, ferry.Language, ferry.Standfirst));
        var writer = Assert.Single(ferry.Bylines).Byline;
        Assert.Equal(("mnkosi", "Mandla Nkosi", "Mandla covers the port, shipping and the town council."), (writer.Slug, writer.Name, writer.Bio));
        Assert.Equal(["ferries"], ferry.Tags.Select(t => t.Slug));
        Assert.Equal(new FeaturedImageDto("https://media.gazette.example/2026/11/ferry.jpg", "A ferry at the quay", "The Island Queen leaving at dawn."), ferry.FeaturedImage);
        // [caption] is a figure: the image, then its caption; [sic] is text; [contact-form-7] is gone.
        Assert.Contains("![A ferry at the quay](https://media.gazette.example/2026/11/ferry.jpg)\n\n*The first crossing at 6 a.m.*", ferry.Body.Markdown, StringComparison.Ordinal);
        Assert.Contains("## What was agreed\n\n- A 4% rise this year\n- Shorter night shifts", ferry.Body.Markdown, StringComparison.Ordinal);
        Assert.Contains("Inspectors will return [sic] next week.", ferry.Body.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("contact-form", ferry.Body.Markdown, StringComparison.Ordinal);

        // A draft with no slug and a Japanese title: a slug from its id, the title kept, paragraphs and a gallery of its attachments.
        var (draft, _) = await client.GetArticleAsync("post-102");
        Assert.Equal((ArticleStatus.Draft, "港の未来：市議会が計画を発表", "政治"), (draft.Status, draft.Headline, draft.Section));
        Assert.Equal(("zoe-brandt", "Zoë Brandt"), (draft.Bylines[0].Byline.Slug, draft.Bylines[0].Byline.Name));
        Assert.Contains("Zoë asked the mayor twice.\\\nShe did not answer.", draft.Body.Markdown, StringComparison.Ordinal);
        Assert.Contains("![Tables on the quay](https://media.gazette.example/2026/12/terrace.jpg)\n\n![](https://media.gazette.example/2026/12/mayor.jpg)", draft.Body.Markdown, StringComparison.Ordinal);

        // Scheduled, with broken HTML: parsed as a browser would, with the script and handler gone and the table kept.
        var (scheduled, _) = await client.GetArticleAsync("winter-timetable");
        Assert.Equal((ArticleStatus.Scheduled, new DateTime(2027, 1, 4, 6, 0, 0, DateTimeKind.Utc)), (scheduled.Status, scheduled.PublishAt));
        Assert.Null(scheduled.FeaturedImage);
        Assert.DoesNotContain("script", scheduled.Body.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("onclick", scheduled.Body.Html, StringComparison.Ordinal);
        Assert.Contains("<td>06:00</td>", scheduled.Body.Html, StringComparison.Ordinal);
        Assert.Contains("Tickets", scheduled.Body.Text, StringComparison.Ordinal);

        Assert.Equal(ArticleStatus.Draft, (await client.GetArticleAsync("notes-for-the-editors")).Article.Status);
        await client.ShouldBeNotFoundAsync("/v1/articles/deleted-story__trashed");
        await client.ShouldBeNotFoundAsync("/v1/articles/about");

        var unmapped = first.Conversion.Unmapped.Select(u => $"{u.Where}: {u.What}").ToList();
        string[] reported =
            [
                "post 101 'Ferry strike ends after night of talks': The shortcode [contact-form-7]",
                "post 104 'Notes for the editors': A private post: imported as a draft",
                "post 105 'Deleted story': Status 'trash': not imported.",
                "post_type nav_menu_item: 1 item(s)",
                "post_type page: 1 item(s)",
                "taxonomy post_format:",
                "comments: 1 comment(s)",
                "post 103 'Winter timetable starts Monday': The featured image (attachment 999)",
            ];
        Assert.All(reported, expected => Assert.Contains(unmapped, u => u.StartsWith(expected, StringComparison.Ordinal)));
        Assert.Equal((8, 8), (first.Conversion.UnmappedTotal, unmapped.Count));
    }

    [Fact]
    public async Task GhostExport_BecomesArticlesFromHtmlLexicalOrMobiledoc_WithAuthorsTagsAndImages_AndAgainChangesNothing()
    {
        await using var api = new ContentApiFactory();
        var client = api.CreateClient();

        var first = await client.MigrateAsync("ghost", "ghost.json");
        var again = await client.MigrateAsync("ghost", "ghost.json");

        // Two users, three public tags, six posts (the page is not one).
        Assert.Equal(new ImportReport(Lines: 11, Created: 11, Updated: 0, Unchanged: 0), first.Report);
        Assert.Equal(new ImportReport(Lines: 11, Created: 0, Updated: 0, Unchanged: 11), again.Report);

        var (lighthouse, _) = await client.GetArticleAsync("lighthouse-keeper-retires");
        Assert.Equal((ArticleStatus.Published, new DateTime(2026, 11, 12, 6, 0, 0, DateTimeKind.Utc)), (lighthouse.Status, lighthouse.PublishedAt));
        Assert.Equal(("Coast", "Ernst Olsen hands over the keys.", "https://coast.example/olsen"), (lighthouse.Section, lighthouse.Standfirst, lighthouse.CanonicalUrl));
        Assert.Equal(["ingrid", "jurgen"], lighthouse.Bylines.Select(b => b.Byline.Slug));
        var ingrid = lighthouse.Bylines[0].Byline;
        Assert.Equal(("Ingrid edits the Coast Desk and writes about the sea.", "https://images.example.org/ingrid.jpg"), (ingrid.Bio, ingrid.AvatarUrl));
        Assert.Equal(["https://ingrid.example", "https://x.com/ingridsolberg"], ingrid.Links.Select(l => l.Url));
        Assert.Null(lighthouse.Bylines[1].Byline.AvatarUrl);
        Assert.Equal(["coast", "people"], lighthouse.Tags.Select(t => t.Slug));
        Assert.Equal(new FeaturedImageDto("https://images.example.org/olsen-portrait.jpg", "Olsen on the gallery", "Photo: Coast Desk"), lighthouse.FeaturedImage);
        // The html is used when present (not the lexical beside it); Ghost's __GHOST_URL__ leaves a site-relative link.
        Assert.Contains("Ernst Olsen climbed the **112 steps** for the last time on Friday. [More coast news](/tag/coast/).", lighthouse.Body.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("ignored", lighthouse.Body.Markdown, StringComparison.Ordinal);

        // Lexical only: formats, a link, a line break, an image card with its caption, a heading, a numbered list, a markdown card.
        var (bruecke, _) = await client.GetArticleAsync("bruecke-foerde-sperrung");
        Assert.Equal((ArticleStatus.Draft, "Förde", null), (bruecke.Status, bruecke.Section, bruecke.FeaturedImage));
        Assert.Equal(
            "Die Brücke über die Förde wird **2027** gesperrt — [*Umleitung*](https://verkehr.example/umleitung)\\\n`B76`\n\n"
            + "![Die Brücke bei Nacht](https://images.example.org/bruecke.jpg)\n\n*Foto: Stadtwerke*\n\n## Was sich ändert\n\n"
            + "1. Busse fahren öfter\n2. Radweg bleibt offen\n\nMehr dazu im **Gemeinderat**.",
            bruecke.Body.Markdown);

        // Mobiledoc only: markups, a soft return, an image card, a list and an html card.
        var (tides, _) = await client.GetArticleAsync("december-tide-tables");
        Assert.Equal((ArticleStatus.Scheduled, new DateTime(2026, 12, 20, 5, 0, 0, DateTimeKind.Utc)), (tides.Status, tides.PublishAt));
        Assert.StartsWith("Tide tables for **December** are out;\\\n[see the tides site](https://tides.example/).\n\n![A lighthouse](https://images.example.org/lighthouse.jpg)", tides.Body.Markdown, StringComparison.Ordinal);
        Assert.Contains("- Spring tides on the 14th\n- Neap tides on the 21st", tides.Body.Markdown, StringComparison.Ordinal);
        Assert.Contains("<td>05:42</td>", tides.Body.Html, StringComparison.Ordinal);

        // Broken, hostile HTML: parsed as a browser would, with what could run removed.
        var (storm, _) = await client.GetArticleAsync("storm-warning-lifted");
        Assert.Contains("Winds dropped to 40 km/h.", storm.Body.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("script", storm.Body.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", storm.Body.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", storm.Body.Html, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(ArticleStatus.Draft, (await client.GetArticleAsync("members-briefing")).Article.Status);
        Assert.Equal(ArticleStatus.Draft, (await client.GetArticleAsync("newsletter-12")).Article.Status);
        await client.ShouldBeNotFoundAsync("/v1/articles/contact");
        await client.ShouldBeNotFoundAsync("/v1/tags/hash-wide-hero");

        var unmapped = first.Conversion!.Unmapped.Select(u => $"{u.Where}: {u.What}").ToList();
        string[] reported =
            [
                "post 65a1f0c2e4b0a1000188a002 'Brücke über die Förde: Sperrung ab Januar': A 'button' card",
                "post 65a1f0c2e4b0a1000188a006 'Members' briefing': Visible to 'members' only",
                "post 65a1f0c2e4b0a1000188a007 'Newsletter #12': Sent as a newsletter only",
                "tag 65a1f0c2e4b0a1000188c003 '#wide-hero': An internal tag",
                "user 65a1f0c2e4b0a1000188b002 'Jürgen Ødegård': The profile image '__GHOST_URL__",
                "type page: 1 page(s) skipped",
                "post 65a1f0c2e4b0a1000188a002 'Brücke über die Förde: Sperrung ab Januar': The feature image '__GHOST_URL__",
            ];
        Assert.All(reported, expected => Assert.Contains(unmapped, u => u.StartsWith(expected, StringComparison.Ordinal)));
        Assert.Equal((7, 7), (first.Conversion.UnmappedTotal, unmapped.Count));
    }

    [Theory]
    [InlineData("wordpress", "{\"db\": []}", "Not well-formed XML")]
    [InlineData("wordpress", "<html><body>Not an export</body></html>", "Not a WordPress export")]
    [InlineData("ghost", "<rss/>", "Not valid JSON")]
    [InlineData("ghost", "{\"posts\": []}", "Not a Ghost export")]
    public async Task AFileThatIsNotTheExportItIsSaidToBe_FailsWithAProblem_AndWritesNothing(string from, string body, string detail)
    {
        await using var api = new ContentApiFactory();
        var client = api.CreateClient();

        using var response = await client.ImportAsync(body, "text/plain", $"?from={from}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.StartsWith(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await client.ExportAsync());
    }
}

public static class SourceImportTestHelpers
{
    /// <summary>Imports a fixture export with ?from=, waiting for the job; asserts it succeeded.</summary>
    public static async Task<ImportJobResponse> MigrateAsync(this HttpClient client, string from, string fixture)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Transfer", "Sources", "Fixtures", fixture));
        using var message = new HttpRequestMessage(HttpMethod.Post, $"/v1/import?from={from}") { Content = new ByteArrayContent(bytes) };
        message.Headers.Add("Prefer", TransferTestHelpers.Wait);
        using var response = await client.SendAsync(message);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var job = await response.ReadAsync<ImportJobResponse>();
        Assert.Equal((ImportJobStatus.Succeeded, from), (job.Status, job.Format));
        return job;
    }
}
