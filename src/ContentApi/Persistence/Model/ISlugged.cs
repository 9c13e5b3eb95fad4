namespace ContentApi.Persistence;

/// <summary>A resource addressed in URLs by its numeric id or its slug.</summary>
public interface ISlugged
{
    int Id { get; }
    string Slug { get; }
}
