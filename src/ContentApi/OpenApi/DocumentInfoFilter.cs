using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ContentApi.OpenApi;

/// <summary>
/// What the document says of itself and of its tags: the server (the host that serves it), whom to ask, the licence,
/// and a description of every tag. A tag without one here fails the contract tests (and both linters).
/// </summary>
public sealed class DocumentInfoFilter : IDocumentFilter
{
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Articles"] = "Articles with their bodies (Markdown, sanitized HTML, text), bylines, tags, entities and pinned related articles: read, list, filter, search, write.",
        ["Backups"] = "Online backups of the SQLite database (admins); PostgreSQL deployments use the server's own tools.",
        ["Bylines"] = "The people who write articles, with their bios and links.",
        ["Entities"] = "Named entities (people, organisations, places, events) that articles mention, found in their text or picked by editors.",
        ["Entity candidates"] = "Capitalised phrases from article text that name no known entity yet, for editors to accept or reject.",
        ["Extraction jobs"] = "The background re-extraction that runs after an entity is created or renamed.",
        ["Feeds"] = "The newest articles for any list query, as Atom, RSS and JSON Feed.",
        ["Keys"] = "API keys and their roles (admins).",
        ["Related"] = "Related articles ranked by shared tags and entities, and entities often seen together.",
        ["Revisions"] = "Every version of an article: list, read, compare and restore (editors).",
        ["Sync"] = "Delta sync of everything a caller may see, following the change log.",
        ["Tags"] = "Tags: topics, places, people, organisations and series that group articles.",
        ["Transfer"] = "NDJSON import and export of bylines, tags, entities and articles (editors).",
        ["Trash"] = "Deleted articles, bylines, tags and entities, restorable until they are purged (editors).",
        ["Webhooks"] = "Article changes POSTed to partners' and admins' receivers, signed, with a delivery log.",
    };

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        swaggerDoc.Servers = [new OpenApiServer { Url = "/", Description = "The host that serves this document" }];
        swaggerDoc.Info.Contact = new OpenApiContact { Name = "The newsroom's ContentApi maintainers (see README.md in the repository)" };
        // No licence page is published yet: the URN names the terms until the publisher gives a page to link.
        swaggerDoc.Info.License = new OpenApiLicense
        {
            Name = "Proprietary: the publisher's content and service, all rights reserved",
            Url = new Uri("urn:contentapi:licence:proprietary"),
        };
        var used = swaggerDoc.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags?.AsEnumerable() ?? [])
            .Select(t => t.Name).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        swaggerDoc.Tags = new HashSet<OpenApiTag>(used.Select(name => new OpenApiTag
        {
            Name = name,
            Description = TagDescriptions.GetValueOrDefault(name) ?? throw new InvalidOperationException($"The tag '{name}' has no description in DocumentInfoFilter."),
        }));
    }
}
