namespace ContentApi.Persistence;

public sealed class Byline : IReferenceResource
{
    public int Id { get; set; }
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Role { get; set; }
    public string? Bio { get; set; }
    public string? AvatarUrl { get; set; }
    public List<BylineLink> Links { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }
}

public sealed class BylineLink
{
    public LinkKind Kind { get; set; }
    public string Url { get; set; } = "";
}

public enum LinkKind
{
    Website,
    X,
    Bluesky,
    Mastodon,
    Linkedin,
    Other,
}
