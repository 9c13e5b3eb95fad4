namespace ContentApi.Persistence;

/// <summary>
/// A byline, tag or entity: named, slugged resources that articles point at and that share one
/// set of CRUD endpoints.
/// </summary>
public interface IReferenceResource : ISlugged
{
    new string Slug { get; set; }
    string Name { get; }
    DateTime CreatedAt { get; set; }
    DateTime UpdatedAt { get; set; }
    int Version { get; set; }

    /// <summary>What articles are found by in search: the name, and an entity's aliases.</summary>
    string SearchText => Name;
}
