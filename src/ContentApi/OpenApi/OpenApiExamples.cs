using System.Text;
using ContentApi.Access;
using ContentApi.Articles;
using ContentApi.Backups;
using ContentApi.Bylines;
using ContentApi.Entities;
using ContentApi.Feeds;
using ContentApi.Related;
using ContentApi.Revisions;
using ContentApi.Syndication;
using ContentApi.Tags;
using ContentApi.Transfer;
using ContentApi.Webhooks;
using ContentApi.Trash;
using Microsoft.AspNetCore.Mvc;

namespace ContentApi.OpenApi;

/// <summary>The example values shown in the OpenAPI document, one per request and response type.</summary>
public static class OpenApiExamples
{
    private static readonly DateTime Published = new(2026, 10, 14, 8, 30, 0, DateTimeKind.Utc);
    private static readonly DateTime Edited = new(2026, 10, 14, 9, 5, 0, DateTimeKind.Utc);

    private static readonly BylineResponse Byline = new(
        "3", "amara-keita", "Amara Keita", "West Africa correspondent",
        "Amara Keita reports on politics and security across the Sahel from Dakar.",
        "https://images.example.com/bylines/amara-keita.jpg",
        [new BylineLinkDto(LinkKind.Website, "https://amarakeita.example")], Published, Edited);

    private static readonly TagResponse Tag = new("7", "sahel", "Sahel", "The band of countries south of the Sahara.", TagType.Place, Published, Edited);

    private static readonly EntityResponse Entity = new(
        "12", "wagner-group", "Wagner Group", EntityType.Organisation, ["Wagner"],
        "A Russian private military company.", null, null, Published, Edited);

    private static readonly FeaturedImageDto Image = new(
        "https://images.example.com/articles/bamako-talks.jpg", "Two ministers shake hands in front of flags",
        "The ministers before their talks in Bamako.", "The Meridian Ledger");

    private static readonly ArticleListItem Summary = new(
        "41", "sahel-states-form-alliance", "Sahel states deepen their security alliance",
        "Three juntas pledge joint operations.", "World", ArticleStatus.Published, Published, Edited, "en", Image, 3);

    private static readonly ArticleResponse Article = new(
        "42", "mali-defends-russia-partnership", "Mali's foreign minister defends Russia partnership as Lavrov visits Bamako",
        "The minister said Mali chooses its own security partners.", "World", ArticleStatus.Published,
        null, Published, null, Published, Edited, "en", "https://www.meridianledger.example/world/mali-defends-russia-partnership", Image,
        new ArticleBodyResponse(
            "Mali's foreign minister defended the partnership with **Russia**.\n\nTalks in Bamako focused on security.",
            "<p>Mali's foreign minister defended the partnership with <strong>Russia</strong>.</p>\n<p>Talks in Bamako focused on security.</p>",
            "Mali's foreign minister defended the partnership with Russia.\n\nTalks in Bamako focused on security."),
        16, 1, new SyndicationDto(true, "Republish with credit to The Meridian Ledger.", null),
        [new ArticleBylineResponse(BylineCredit.Writer, Byline)], [Tag],
        [Entity, Entity with { Id = "19", Slug = "bamako", Name = "Bamako", Type = EntityType.Place, Aliases = [], Description = "The capital of Mali." }],
        [Summary],
        [new ArticleEntityMention("12", EntityOrigin.Editor, 0, 0.625), new ArticleEntityMention("19", EntityOrigin.Extracted, 2, 0.625)],
        ["23"],
        [new ArticleCorrectionResponse(Edited, "An earlier version of this article misstated the date of the minister's visit.")]);

    private static readonly ArticleRequest ArticleWrite = new(
        null, Article.Headline, Article.Standfirst, Article.Body.Markdown, "World", ArticleStatus.Published, null, "en",
        Article.CanonicalUrl, Image, Article.Syndication, [new ArticleBylineRequest("3", BylineCredit.Writer)], ["7"], ["12"], ["41"], ["23"]);

    private static readonly Author Editor = new("2", "Night desk");

    private static readonly RevisionSummary Revision = new(
        3, Edited, Editor, ["headline", "tagIds"], "An earlier version of this article misstated the date of the minister's visit.");

    private static readonly CandidateResponse Candidate = new(
        "88", "Assimi Goita", CandidateStatus.Pending, 14, 9, Published, Edited, null, null,
        [new CandidateExample("42", "mali-defends-russia-partnership", "Mali's foreign minister defends Russia partnership as Lavrov visits Bamako", 3)]);

    private static readonly WebhookResponse Webhook = new(
        "7", "https://hooks.acmedaily.example/contentapi", "Acme Daily's publishing system", [WebhookEvents.Published, WebhookEvents.Unpublished],
        null, "World", "partners", "5", WebhookStatus.Active, Published, Edited, null, Edited, null);

    private static readonly WebhookDeliveryResponse Delivery = new(
        "311", "evt_12041", WebhookEvents.Published, "42", DeliveryStatus.Pending, 2, Edited, Edited.AddSeconds(14), Edited.AddSeconds(6), 503,
        "The receiver answered 503 Service Unavailable.", null);

    private static readonly Dictionary<Type, object> ByType = new()
    {
        [typeof(JsonFeed)] = FeedFormats.ToJsonFeed(FeedAt("articles.json")),
        [typeof(ArticleRequest)] = ArticleWrite,
        [typeof(ArticleResponse)] = Article,
        [typeof(ArticleList)] = new ArticleList(
            [new ArticleListItem(Summary.Id, Summary.Slug, Summary.Headline, Summary.Standfirst, Summary.Section, Summary.Status,
                Summary.PublishedAt, Summary.UpdatedAt, Summary.Language, Image, 3, Snippet: "…the three juntas pledged joint operations against <mark>Wagner</mark>-backed…",
                Tags: [Tag])],
            20, "WyJuZXdlc3QiLCI2Mzg5NjAwMDAwMDAwMDAwMDAiLCI0MSJd", "/v1/articles?tag=sahel&include=tags&cursor=WyJuZXdlc3QiLCI2Mzg5NjAwMDAwMDAwMDAwMDAiLCI0MSJd",
            Total: 57, Facets: new ArticleFacets(Section: [new FacetCount("World", "World", 51), new FacetCount("Opinion", "Opinion", 6)])),
        [typeof(RelatedList)] = new RelatedList(
        [
            new RelatedArticle(Summary, Pinned: true, Score: null, Similarity: null, Recency: null, Reasons: []),
            new RelatedArticle(
                Summary with { Id = "57", Slug = "wagner-fighters-leave-bamako", Headline = "Wagner fighters leave Bamako base" },
                Pinned: false, Score: 0.412, Similarity: 0.436, Recency: 0.945,
                [
                    new RelatedReason("organisation", "wagner-group", "Wagner Group", 0.19),
                    new RelatedReason("place", "bamako", "Bamako", 0.127),
                    new RelatedReason("tag", "sahel", "Sahel", 0.054),
                    new RelatedReason("term", "lavrov", "Lavrov", 0.041),
                ]),
        ]),
        [typeof(SuggestionRequest)] = new SuggestionRequest(
            "Lavrov lands in Bamako as Wagner leaves", "Russia's foreign minister is expected to sign a security accord.",
            "Sergei Lavrov arrived in **Bamako** on Tuesday, days after Wagner fighters left their base. Colonel Assimi Goita met him at the airport.", "en"),
        [typeof(SuggestionResponse)] = new SuggestionResponse(
            [new SuggestedEntity(Entity with { Id = "19", Slug = "bamako", Name = "Bamako", Type = EntityType.Place, Aliases = [], Description = "The capital of Mali." }, 1, 0.4),
                new SuggestedEntity(Entity, 1, 0.5)],
            [new SuggestedCandidate("Assimi Goita", 1)],
            [new SuggestedTag(new TagSummary(Tag.Id, Tag.Slug, Tag.Name), 1.284, ["57", "41"])],
            [new RelatedArticleSummary("57", "wagner-fighters-leave-bamako", "Wagner fighters leave Bamako base", 0.412,
                [new RelatedReason("term", "wagner", "Wagner", 0.162), new RelatedReason("place", "bamako", "Bamako", 0.127), new RelatedReason("term", "base", "base", 0.051)])]),
        [typeof(RelatedEntityList)] = new RelatedEntityList(
        [
            new RelatedEntity(Entity with { Id = "19", Slug = "bamako", Name = "Bamako", Type = EntityType.Place, Aliases = [], Description = "The capital of Mali." }, 38, 0.61),
            new RelatedEntity(Entity with { Id = "23", Slug = "sergei-lavrov", Name = "Sergei Lavrov", Type = EntityType.Person, Aliases = ["Lavrov"], Description = "Russia's foreign minister." }, 12, 0.34),
        ]),
        [typeof(BylineRequest)] = new BylineRequest(null, Byline.Name, Byline.Role, Byline.Bio, Byline.AvatarUrl, Byline.Links),
        [typeof(BylineResponse)] = Byline,
        [typeof(Page<BylineResponse>)] = PageOf(Byline),
        [typeof(TagRequest)] = new TagRequest(null, Tag.Name, Tag.Description, Tag.Type),
        [typeof(TagResponse)] = Tag,
        [typeof(Page<TagResponse>)] = PageOf(Tag),
        [typeof(EntityRequest)] = new EntityRequest(null, Entity.Name, Entity.Type, Entity.Aliases, Entity.Description),
        [typeof(EntityResponse)] = Entity,
        [typeof(Page<EntityResponse>)] = PageOf(Entity),
        [typeof(CandidateResponse)] = Candidate with { Status = CandidateStatus.Rejected, DecidedAt = Edited },
        [typeof(Page<CandidateResponse>)] = PageOf(Candidate),
        [typeof(AcceptCandidateRequest)] = new AcceptCandidateRequest(EntityType.Person, "Assimi Goïta", null, ["Goita", "Assimi Goita"], "Mali's interim president."),
        [typeof(ExtractionJobResponse)] = new ExtractionJobResponse("12", "88", ExtractionJobStatus.Done, Edited, Edited, Edited.AddSeconds(3), 57, 41, null),
        [typeof(ImportReport)] = new ImportReport(1225, 1000, 25, 200),
        [typeof(ImportJobResponse)] = new ImportJobResponse(
            "31", "wordpress", ImportJobStatus.Succeeded, Edited, Edited, Edited.AddSeconds(49), 48_203_776, 1225, 1225, 1225, 25.0, 1,
            new ImportReport(1225, 1000, 25, 200),
            new Transfer.Sources.SourceConversion(1180, 14, 31, 1102, 3,
            [
                new Transfer.Sources.UnmappedItem("post 4412 'Election night live'", "The shortcode [liveblog] has no equivalent here: removed, keeping the text it enclosed."),
                new Transfer.Sources.UnmappedItem("post_type page", "12 item(s) of type 'page' skipped: only posts become articles."),
                new Transfer.Sources.UnmappedItem("comments", "5310 comment(s) were not imported: articles here have no comments."),
            ]),
            null),
        [typeof(Page<RevisionSummary>)] = PageOf(Revision),
        [typeof(RevisionResponse)] = new RevisionResponse(
            Revision.Number, Revision.CreatedAt, Revision.Author, Revision.ChangedFields, Revision.Correction, ArticleWrite with { Slug = Article.Slug }),
        [typeof(RevisionDiff)] = new RevisionDiff(2, 3,
        [
            new FieldChange("headline", Json("\"Mali defends Russia ties\""), Json($"\"{Article.Headline}\"")),
            new FieldChange("tagIds", Json("[\"7\"]"), Json("[\"7\", \"9\"]")),
        ]),
        [typeof(RestoreRevisionRequest)] = new RestoreRevisionRequest("The previous version named the wrong minister; this restores the earlier text."),
        [typeof(Page<TrashItemResponse>)] = PageOf(new TrashItemResponse(
            "15", TrashKind.Article, "42", Article.Slug, Article.Headline, Edited, Editor, Edited.AddDays(30))),
        [typeof(RestoredItem)] = new RestoredItem(TrashKind.Article, "42", Article.Slug),
        [typeof(string)] = """
            {"record":"tag","slug":"sahel","name":"Sahel","description":"The band of countries south of the Sahara.","type":"place"}
            {"record":"article","slug":"sahel-alliance","headline":"Sahel states deepen their alliance","standfirst":null,"body":"Three juntas pledged joint operations.","section":"World","status":"published","publishAt":"2026-10-14T08:30:00Z","language":"en","bylines":[{"byline":"amara-keita","role":"writer"}],"tags":["sahel"],"entities":["wagner-group"],"relatedArticles":[]}
            """,
        [typeof(SyncPage)] = new SyncPage(
            [Article], [new SyncTombstone("37", "junta-extends-transition", "unpublished", Edited)],
            ["article-37", "article-42", "articles", "tag-7-articles"],
            "eyJBdWRpZW5jZSI6NCwiS2V5SWQiOjUsIkluaXRpYWwiOmZhbHNlLCJTZXF1ZW5jZSI6MTIwNDEsIkFmdGVySWQiOjB9.q1Zr3m0X8kWlYq0b9rH2nJ5vUe7sT4cA1dF6gE3hI2k",
            HasMore: false,
            "/v1/sync?token=eyJBdWRpZW5jZSI6NCwiS2V5SWQiOjUsIkluaXRpYWwiOmZhbHNlLCJTZXF1ZW5jZSI6MTIwNDEsIkFmdGVySWQiOjB9.q1Zr3m0X8kWlYq0b9rH2nJ5vUe7sT4cA1dF6gE3hI2k&limit=50"),
        [typeof(BackupFile)] = new BackupFile("content-20261127T045500Z.db", 734_003_200, Edited, "ok"),
        [typeof(BackupList)] = new BackupList([new BackupSummary("content-20261127T045500Z.db", 734_003_200, Edited)]),
        [typeof(KeyRequest)] = new KeyRequest("Acme Daily", ApiRole.Partner),
        [typeof(CreatedKeyResponse)] = new CreatedKeyResponse("5", "Acme Daily", ApiRole.Partner, false, "cak_Q2hhbmdl", Published,
            "cak_Q2hhbmdlTWVOb3RBUmVhbEtleUp1c3RBbkV4YW1wbGUx"),
        [typeof(Page<KeyResponse>)] = PageOf(new KeyResponse("5", "Acme Daily", ApiRole.Partner, false, "cak_Q2hhbmdl", Published, Edited, null)),
        [typeof(WebhookRequest)] = new WebhookRequest(Webhook.Url, Webhook.Description, Webhook.Events, Section: "World"),
        [typeof(WebhookResponse)] = Webhook,
        [typeof(Page<WebhookResponse>)] = PageOf(Webhook),
        [typeof(WebhookDeliveryResponse)] = Delivery with { Attempts = 0, NextAttemptAt = Edited, LastAttemptAt = null, LastStatusCode = null, LastError = null },
        [typeof(Page<WebhookDeliveryResponse>)] = PageOf(Delivery),
    };

    private static readonly Dictionary<Type, object> PatchByType = new()
    {
        [typeof(ArticleRequest)] = new { headline = "Mali defends Russia ties as Lavrov visits", standfirst = (string?)null },
        [typeof(BylineRequest)] = new { bio = "Amara Keita covers the Sahel from Bamako.", avatarUrl = (string?)null },
        [typeof(TagRequest)] = new { description = (string?)null },
        [typeof(EntityRequest)] = new { aliases = new[] { "Wagner", "PMC Wagner" } },
        [typeof(WebhookRequest)] = new { url = "https://hooks.acmedaily.example/v2/contentapi", section = (string?)null },
    };

    /// <summary>Bodies that are not JSON, shown as their text: the XML feeds, as a partner gets them.</summary>
    private static readonly Dictionary<string, string> ByMediaType = new()
    {
        [FeedFormats.AtomMediaType] = Encoding.UTF8.GetString(FeedFormats.Atom.Write(FeedAt("articles.atom"))),
        [FeedFormats.RssMediaType] = Encoding.UTF8.GetString(FeedFormats.Rss.Write(FeedAt("articles.rss"))),
    };

    /// <summary>Text request bodies by media type: an import's NDJSON, or the exports a migration reads.</summary>
    private static readonly Dictionary<string, string> TextBodies = new()
    {
        ["application/xml"] = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
              <channel>
                <language>en</language>
                <wp:wxr_version>1.2</wp:wxr_version>
                <wp:author><wp:author_login>akeita</wp:author_login><wp:author_display_name>Amara Keita</wp:author_display_name></wp:author>
                <item>
                  <title>Sahel states deepen their alliance</title>
                  <dc:creator>akeita</dc:creator>
                  <content:encoded><![CDATA[<p>Three juntas pledged <strong>joint operations</strong>.</p>]]></content:encoded>
                  <wp:post_id>41</wp:post_id>
                  <wp:post_date_gmt>2026-10-14 08:30:00</wp:post_date_gmt>
                  <wp:post_name>sahel-alliance</wp:post_name>
                  <wp:status>publish</wp:status>
                  <wp:post_type>post</wp:post_type>
                  <category domain="category" nicename="world"><![CDATA[World]]></category>
                  <category domain="post_tag" nicename="sahel"><![CDATA[Sahel]]></category>
                </item>
              </channel>
            </rss>
            """,
        ["application/json"] = """
            {"db": [{"meta": {"version": "5.101.0"}, "data": {
              "posts": [{"id": "1", "title": "Sahel states deepen their alliance", "slug": "sahel-alliance", "html": "<p>Three juntas pledged <strong>joint operations</strong>.</p>", "type": "post", "status": "published", "visibility": "public", "published_at": "2026-10-14T08:30:00.000Z", "custom_excerpt": null, "feature_image": null}],
              "users": [{"id": "1", "name": "Amara Keita", "slug": "amara-keita", "bio": "Reports on the Sahel from Dakar."}],
              "tags": [{"id": "7", "name": "Sahel", "slug": "sahel", "visibility": "public"}],
              "posts_authors": [{"post_id": "1", "author_id": "1", "sort_order": 0}],
              "posts_tags": [{"post_id": "1", "tag_id": "7", "sort_order": 0}]}}]}
            """,
    };

    public static object? For(Type type) => ByType.GetValueOrDefault(type);

    /// <summary>A text body of this media type: a WordPress or Ghost export, else NDJSON records.</summary>
    public static string? ForTextBody(string mediaType) =>
        TextBodies.GetValueOrDefault(mediaType is "text/xml" or "application/rss+xml" ? "application/xml" : mediaType) ?? For(typeof(string)) as string;

    public static string? ForMediaType(string mediaType) => ByMediaType.GetValueOrDefault(mediaType);

    /// <summary>A merge patch for the given request type: fields to change, null for fields to clear.</summary>
    public static object? PatchFor(Type requestType) => PatchByType.GetValueOrDefault(requestType);

    /// <summary>A problem as the API words it for this status and kind of resource.</summary>
    public static ProblemDetails Problem(int status, string kind, string method, string path) => status switch
    {
        StatusCodes.Status400BadRequest => new HttpValidationProblemDetails(
            HttpMethods.IsGet(method) ? new Dictionary<string, string[]> { ["limit"] = ["'limit' must be between 1 and 100. You entered 500."] }
            : kind == "Article" ? new Dictionary<string, string[]> { ["headline"] = ["'headline' must not be empty."] }
            : kind == "Webhook" ? new Dictionary<string, string[]> { ["url"] = ["Webhook URLs may not point at private, loopback or link-local addresses (10.0.0.1)."] }
            : kind == "Import" ? new Dictionary<string, string[]> { ["lines[12].headline"] = ["'headline' must not be empty."], ["lines[40].tags[0]"] = ["No tag has the slug 'sahel', in this file or already."] }
            : new Dictionary<string, string[]> { ["name"] = ["'name' must not be empty."] })
        {
            Title = "Validation failed", Detail = "The request has invalid fields: see errors.",
        },
        StatusCodes.Status401Unauthorized => new ProblemDetails
        {
            Title = "API key required", Detail = "Send an API key as 'Authorization: Bearer <key>' or in the X-Api-Key header.",
        },
        StatusCodes.Status403Forbidden => new ProblemDetails
        {
            Title = "Not allowed for this key", Detail = "A key with the role 'partner' may not do this.",
        },
        StatusCodes.Status429TooManyRequests => new ProblemDetails
        {
            Title = "Too many requests", Detail = "This caller may make 600 requests every 60 seconds. Retry after 12 seconds.",
        },
        StatusCodes.Status404NotFound when kind == "Webhook" => WebhookEndpoints.NotFound("7").ProblemDetails,
        StatusCodes.Status404NotFound => Problems.NotFound(kind, "no-such-slug").ProblemDetails,
        StatusCodes.Status409Conflict when kind == "Candidate" => CandidateEndpoints.AlreadyAccepted("Assimi Goita", 23).ProblemDetails,
        StatusCodes.Status409Conflict when kind is RevisionEndpoints.Kind or TrashEndpoints.Kind => RevisionEndpoints.MissingReferences(
            "Revision 2 of article 'mali-defends-russia-partnership'",
            new Dictionary<string, string[]> { ["tagIds[1]"] = ["There is no tag with id '9'."] }).ProblemDetails,
        StatusCodes.Status409Conflict when kind == Backups.BackupEndpoints.Kind => Backups.BackupEndpoints.BackupsArePostgresJob().ProblemDetails,
        StatusCodes.Status409Conflict => Problems.SlugTaken(kind, "sahel").ProblemDetails,
        StatusCodes.Status412PreconditionFailed => Problems.PreconditionFailed().ProblemDetails,
        StatusCodes.Status413PayloadTooLarge => new ProblemDetails
        {
            Title = "Request body too large", Detail = "The request body is 2097152 bytes; the limit is 1048576 bytes.",
        },
        StatusCodes.Status422UnprocessableEntity => new ProblemDetails
        {
            Title = "Idempotency-Key reused", Detail = "This Idempotency-Key was used for a different request. Use a new key for a new request.",
        },
        StatusCodes.Status414UriTooLong => new ProblemDetails
        {
            Title = "Query string too long", Detail = "The query string is 5120 characters; the limit is 4096.",
        },
        StatusCodes.Status431RequestHeaderFieldsTooLarge => new ProblemDetails
        {
            Title = "Request headers too large", Detail = "The request headers are 20480 bytes; the limit is 16384 bytes.",
        },
        StatusCodes.Status503ServiceUnavailable => new ProblemDetails
        {
            Title = "Request timed out", Detail = "The request took longer than 30 s and was abandoned. Retry it; a write retried with the same Idempotency-Key is not done twice.",
        },
        StatusCodes.Status415UnsupportedMediaType => new ProblemDetails
        {
            Title = "Unsupported media type", Detail = "Expected a supported JSON media type but got \"text/plain\".",
        },
        _ => new ProblemDetails { Title = "Error" },
    } is var problem ? WithCommonFields(problem, status, path) : null!;

    private static ProblemDetails WithCommonFields(ProblemDetails problem, int status, string path)
    {
        problem.Status = status;
        problem.Instance = path;
        problem.Extensions["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";
        return problem;
    }

    /// <summary>A feed of one article, tagged Sahel in World, at the given address under /v1/feeds/.</summary>
    private static Feed FeedAt(string file) => new(
        "The Meridian Ledger: World / Sahel", "The newest articles in World, tagged Sahel.",
        $"https://api.meridianledger.example/v1/feeds/{file}?tag=sahel&section=World",
        "https://api.meridianledger.example/v1/articles?tag=sahel&section=World",
        "The Meridian Ledger", Edited,
        [
            new FeedEntry(
                "https://api.meridianledger.example/v1/articles/42", Article.CanonicalUrl!, Article.Headline, Article.Standfirst!, Article.Body.Html,
                Published, Edited, "en", null, [Byline.Name], ["World", Tag.Name]),
        ]);

    private static System.Text.Json.JsonElement Json(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.Clone();

    private static Page<T> PageOf<T>(T item) => new([item], 20, "aWQ6NDE", "/v1/items?limit=20&cursor=aWQ6NDE");
}
