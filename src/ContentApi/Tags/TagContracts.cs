using ContentApi.References;
using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ContentApi.Tags;

public sealed record TagRequest(
    [property: Description("URL slug; generated from the name when omitted, kept when omitted on update")] string? Slug,
    [property: Description("Display name")] string Name,
    [property: Description("What the tag covers")] string? Description = null,
    [property: Description("Kind of tag"), DefaultValue(TagType.Topic)] TagType Type = TagType.Topic) : IReferenceRequest;

public sealed record TagResponse(
    string Id,
    string Slug,
    string Name,
    string? Description,
    TagType Type,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    [property: Description("How many articles the caller may see use it; only in lists asked for counts"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    int? ArticleCount = null) : ILastModified
{
    [JsonIgnore]
    public DateTime LastModified => UpdatedAt;
}
