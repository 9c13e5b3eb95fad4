using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using ContentApi.Access;
using ContentApi.Articles;

namespace ContentApi.Revisions;

/// <summary>Who made a change: an API key, with the name it had then.</summary>
public sealed record Author(
    [property: Description("Id of the API key")] string KeyId,
    [property: Description("The key's name at the time")] string Name)
{
    /// <summary>The caller's key, or null without one (the command line, the sample content).</summary>
    public static Author? Of(ClaimsPrincipal user) =>
        Caller.From(user).KeyId is { } id ? new(id.ToString(CultureInfo.InvariantCulture), user.FindFirstValue(ClaimTypes.Name) ?? "") : null;

    public static Author? From(int? keyId, string? name) =>
        keyId is { } id ? new(id.ToString(CultureInfo.InvariantCulture), name ?? "") : null;

    public int KeyIdNumber() => int.Parse(KeyId, CultureInfo.InvariantCulture);
}

/// <summary>
/// Who writes an article, for its revision; and, for an article coming back from the trash, the revisions it
/// had, which are restored as they were (see ArticleRevisions.RecordAsync).
/// </summary>
public sealed record RevisionSource(Author? Author, IReadOnlyList<ArticleRevision>? RestoredHistory = null);

/// <summary>A public correction, as a newspaper prints it under the article.</summary>
public sealed record ArticleCorrectionResponse(
    [property: Description("When the corrected version was published (the write's time)")] DateTime At,
    [property: Description("What was corrected, in the editor's words")] string Note);

/// <summary>One revision in an article's history.</summary>
public sealed record RevisionSummary(
    [property: Description("1 for the article as first written (or as it was before revisions were kept), then 2, 3...")] int Number,
    [property: Description("When this version was written")] DateTime CreatedAt,
    [property: Description("The key that wrote it; null for the command-line import and the sample content")] Author? Author,
    [property: Description("The request fields that differ from the previous revision (none for the first)")] IReadOnlyList<string> ChangedFields,
    [property: Description("The public correction note the write carried, if any")] string? Correction);

/// <summary>A revision with the article as it was: the request that writes that version again.</summary>
public sealed record RevisionResponse(
    [property: Description("The revision's number")] int Number,
    [property: Description("When this version was written")] DateTime CreatedAt,
    [property: Description("The key that wrote it; null for the command-line import and the sample content")] Author? Author,
    [property: Description("The request fields that differ from the previous revision (none for the first)")] IReadOnlyList<string> ChangedFields,
    [property: Description("The public correction note the write carried, if any")] string? Correction,
    [property: Description("Everything an editor controls, as it was: PUT it back, edited or not, or restore the revision")] ArticleRequest Article);

/// <summary>How two revisions differ, field by field.</summary>
public sealed record RevisionDiff(
    [property: Description("The revision compared from")] int From,
    [property: Description("The revision compared to")] int To,
    [property: Description("Each request field whose value differs, in request order; lists (tagIds, bylines...) compare as whole values")] IReadOnlyList<FieldChange> Changes);

public sealed record FieldChange(
    [property: Description("The request field, as in ArticleRequest")] string Field,
    [property: Description("Its value in the 'from' revision (null when absent)")] JsonElement? From,
    [property: Description("Its value in the 'to' revision (null when absent)")] JsonElement? To);

/// <summary>The optional body of a revision restore.</summary>
public sealed record RestoreRevisionRequest(
    [property: Description("A public correction note to print with the restored version, such as why the later edit was withdrawn")] string? Correction = null);
