using ContentApi.References;
using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ContentApi.Entities;

public sealed record EntityRequest(
    [property: Description("URL slug; generated from the name when omitted, kept when omitted on update")] string? Slug,
    [property: Description("Canonical name, such as Sergei Lavrov")] string Name,
    [property: Description("What kind of thing it is")] EntityType Type,
    [property: Description("Other names it goes by, such as Lavrov")] IReadOnlyList<string>? Aliases = null,
    [property: Description("One or two sentences on who or what it is")] string? Description = null,
    [property: Description("Wikidata item id, such as Q912")] string? WikidataId = null,
    [property: Description("GeoNames id, for places")] string? GeoNamesId = null) : IReferenceRequest;

public sealed record EntityResponse(
    string Id,
    string Slug,
    string Name,
    EntityType Type,
    IReadOnlyList<string> Aliases,
    string? Description,
    string? WikidataId,
    string? GeoNamesId,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    [property: Description("How many articles the caller may see use it; only in lists asked for counts"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    int? ArticleCount = null) : ILastModified
{
    [JsonIgnore]
    public DateTime LastModified => UpdatedAt;
}
