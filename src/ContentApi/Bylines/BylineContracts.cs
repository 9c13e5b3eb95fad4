using ContentApi.References;
using System.ComponentModel;
using System.Text.Json.Serialization;

namespace ContentApi.Bylines;

public sealed record BylineRequest(
    [property: Description("URL slug; generated from the name when omitted, kept when omitted on update")] string? Slug,
    [property: Description("Name as printed on articles")] string Name,
    [property: Description("Job title, such as West Africa correspondent")] string? Role = null,
    [property: Description("Short biography shown under articles")] string? Bio = null,
    [property: Description("Absolute http(s) URL of a portrait")] string? AvatarUrl = null,
    [property: Description("Personal site and social profiles")] IReadOnlyList<BylineLinkDto>? Links = null) : IReferenceRequest;

public sealed record BylineLinkDto(
    [property: Description("Which site the link is to")] LinkKind Kind,
    [property: Description("Absolute http(s) URL")] string Url);

public sealed record BylineResponse(
    string Id,
    string Slug,
    string Name,
    string? Role,
    string? Bio,
    string? AvatarUrl,
    IReadOnlyList<BylineLinkDto> Links,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    [property: Description("How many articles the caller may see use it; only in lists asked for counts"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    int? ArticleCount = null) : ILastModified
{
    [JsonIgnore]
    public DateTime LastModified => UpdatedAt;
}
