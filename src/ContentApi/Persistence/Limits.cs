namespace ContentApi.Persistence;

/// <summary>Field lengths shared by the database schema and the validators.</summary>
public static class Limits
{
    /// <summary>Slugs of articles, bylines, tags and entities (WordPress allows 200).</summary>
    public const int Slug = 200;
    public const int Headline = 200;
    public const int Standfirst = 500;
    public const int Name = 120;
    public const int Description = 2000;
    public const int Url = 2048;
    public const int Language = 35;
    public const int BodyMarkdown = 200_000;
    public const int AltText = 500;
    public const int Caption = 1000;
    public const int Alias = 120;
    public const int ListItems = 50;
}
