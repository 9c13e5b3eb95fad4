namespace ContentApi.Persistence;

public sealed class Tag : IReferenceResource
{
    public int Id { get; set; }
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public TagType Type { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }
}

public enum TagType
{
    Topic,
    Place,
    Series,
    Format,
    Other,
}
