namespace ContentApi.Persistence;

public sealed class Article : ISlugged
{
    public int Id { get; set; }
    public string Slug { get; set; } = "";
    public string Headline { get; set; } = "";
    public string? Standfirst { get; set; }
    public ArticleBody Body { get; set; } = new();

    /// <summary>The words the related index reads the article by, chosen when it is written (see ContentApi.Related.TextTerms).</summary>
    public ArticleKeyTerms KeyTerms { get; set; } = new();
    public string Section { get; set; } = "";
    public ArticleStatus Status { get; set; }

    /// <summary>When a scheduled article goes live (UTC); null unless scheduled.</summary>
    public DateTime? PublishAt { get; set; }

    /// <summary>When the article became (or becomes, if scheduled) visible to readers (UTC).</summary>
    public DateTime? PublishedAt { get; set; }

    /// <summary>
    /// Until when (UTC) readers and partners not cleared for embargoes see nothing of it, even when it is
    /// published; partners cleared for embargoes receive it from its publication time. Null: no embargo.
    /// </summary>
    public DateTime? EmbargoUntil { get; set; }

    /// <summary>Who may see the article now, as last written to the change log (see ChangeLog).</summary>
    public ArticleReach Reach { get; set; }

    /// <summary>When <see cref="Reach"/> next changes with no write (a publication time, an embargo or a clearance ending); null if never.</summary>
    public DateTime? ReachChangesAt { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string Language { get; set; } = "en";
    public string? CanonicalUrl { get; set; }
    public FeaturedImage? FeaturedImage { get; set; }
    public int WordCount { get; set; }
    public int ReadingTimeMinutes { get; set; }
    public SyndicationRights Syndication { get; set; } = new();
    public int Version { get; set; }

    public List<ArticleByline> Bylines { get; set; } = [];
    public List<ArticleTag> Tags { get; set; } = [];
    public List<ArticleEntity> Entities { get; set; } = [];
    public List<ArticleEntityRejection> EntityRejections { get; set; } = [];
    public List<ArticlePin> Pins { get; set; } = [];
}

public enum ArticleStatus
{
    Draft,
    Scheduled,
    Published,
    Archived,
}

/// <summary>The body as authored (Markdown) and as served (sanitized HTML and plain text).</summary>
public sealed class ArticleBody
{
    public string Markdown { get; set; } = "";
    public string Html { get; set; } = "";
    public string Text { get; set; } = "";
}

/// <summary>
/// An article's key terms as stored, one per line: key (a stem), tab, the form a reader recognises, tab, its weight in the
/// article; kept in a table of their own beside the body, and read into the catalog at start-up so a restart analyses no text.
/// </summary>
public sealed class ArticleKeyTerms
{
    public string Terms { get; set; } = "";
}

public sealed class FeaturedImage
{
    public string Url { get; set; } = "";
    public string? AltText { get; set; }
    public string? Caption { get; set; }
    public string? Credit { get; set; }
}

public sealed class SyndicationRights
{
    public bool Allowed { get; set; }
    public string? Licence { get; set; }
    public DateTime? ExpiresAt { get; set; }
}

/// <summary>A previous slug of an article; requests for it redirect to the current slug.</summary>
public sealed class ArticleSlugAlias
{
    public string Slug { get; set; } = "";
    public int ArticleId { get; set; }
}
