namespace ContentApi.ReadModel;

/// <summary>
/// A byline, tag or entity as articles and lists embed it: its response JSON (BylineResponse, TagResponse, EntityResponse
/// without a count), rendered once when it is written or loaded, and what facets and explanations name it by. An
/// article's page splices these in when it is read, so renaming a tag on half the corpus renders one fragment, not
/// every article that shows it.
/// </summary>
/// <param name="Kind">An entity's type; null for tags and bylines.</param>
public sealed record ReferenceFragment(int Id, string Slug, string Name, EntityType? Kind, DateTime UpdatedAt, byte[] Json);
