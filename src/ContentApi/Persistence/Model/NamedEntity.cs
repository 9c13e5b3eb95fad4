namespace ContentApi.Persistence;

/// <summary>A person, organisation, place or event that articles are about.</summary>
public sealed class NamedEntity : IReferenceResource
{
    public int Id { get; set; }
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public EntityType Type { get; set; }
    public List<string> Aliases { get; set; } = [];
    public string? Description { get; set; }
    public string? WikidataId { get; set; }
    public string? GeoNamesId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }

    public string SearchText => string.Join(' ', [Name, .. Aliases]);
}

public enum EntityType
{
    Person,
    Organisation,
    Place,
    Event,
    Other,
}
