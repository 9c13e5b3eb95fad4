namespace ContentApi.Data;

/// <summary>An article's use of a byline, tag or entity, for code that treats the three alike.</summary>
public sealed class ArticleLink
{
    public int ResourceId { get; init; }
    public int ArticleId { get; init; }
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

public sealed class ArticleEntity
{
    public int ArticleId { get; set; }
    public int EntityId { get; set; }
    public int Position { get; set; }
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
