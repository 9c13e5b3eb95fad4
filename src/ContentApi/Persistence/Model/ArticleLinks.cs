namespace ContentApi.Persistence;

/// <summary>An article's use of a byline, tag or entity, for code that treats the three alike.</summary>
public sealed class ArticleLink
{
    public int ResourceId { get; init; }
    public int ArticleId { get; init; }

    /// <summary>How central the entity is to the article (see ArticleEntity.Salience); 1 for bylines and tags.</summary>
    public double Salience { get; init; } = 1;
}

public sealed class ArticleByline
{
    public int ArticleId { get; set; }
    public int BylineId { get; set; }
    public int Position { get; set; }
    public BylineCredit Role { get; set; }
    public Byline Byline { get; set; } = null!;
}

/// <summary>What a byline did on one article.</summary>
public enum BylineCredit
{
    Writer,
    Reporting,
    Photographer,
    Editor,
}

public sealed class ArticleTag
{
    public int ArticleId { get; set; }
    public int TagId { get; set; }
    public int Position { get; set; }
    public Tag Tag { get; set; } = null!;
}

/// <summary>
/// An entity on an article: chosen by an editor, or found in the text by the service. Position orders
/// editor picks first (in the editor's order), then extracted ones by salience.
/// </summary>
public sealed class ArticleEntity
{
    public int ArticleId { get; set; }
    public int EntityId { get; set; }
    public int Position { get; set; }
    public EntityOrigin Origin { get; set; }

    /// <summary>How many times the headline, standfirst and body name it (0 for an editor pick the text never names).</summary>
    public int Mentions { get; set; }

    /// <summary>How central it is to the article, 0-1 (see ArticleEntityLinks).</summary>
    public double Salience { get; set; }

    public NamedEntity Entity { get; set; } = null!;
}

/// <summary>Who put an entity on an article.</summary>
public enum EntityOrigin
{
    Editor,
    Extracted,
}

/// <summary>An entity an editor removed from an article: it is never extracted onto that article again.</summary>
public sealed class ArticleEntityRejection
{
    public int ArticleId { get; set; }
    public int EntityId { get; set; }
    public NamedEntity Entity { get; set; } = null!;
}

/// <summary>An editor's choice of related article, shown before computed ones.</summary>
public sealed class ArticlePin
{
    public int ArticleId { get; set; }
    public int PinnedArticleId { get; set; }
    public int Position { get; set; }
    public Article PinnedArticle { get; set; } = null!;
}
