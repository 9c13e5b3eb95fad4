using System.ComponentModel;
using ContentApi.Articles;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace ContentApi.Syndication;

public sealed record SyncQuery(
    [FromQuery(Name = "token")][property: Description("The token of the previous call; omit it to start: the first calls return everything you may see")] string? Token = null,
    [FromQuery(Name = "limit")][property: Description("Most articles (and tombstones) per call, 1-100"), DefaultValue(50)] int Limit = 50)
{
    public const int MaxLimit = 100;
}

public sealed class SyncQueryValidator : AbstractValidator<SyncQuery>
{
    public SyncQueryValidator(SyncTokens tokens)
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, SyncQuery.MaxLimit);
        RuleFor(q => q.Token).Must(token => token is null || tokens.Read(token) is not null)
            .WithMessage("The token is not one this API issued, or it was changed. Use the token of your last call, or omit it to start again.");
    }
}

/// <summary>
/// One call's worth of changes. Apply them in any order: each article appears once, either in full or as a
/// tombstone. Call again with <c>token</c> until <c>hasMore</c> is false; then you hold exactly what you may
/// see. Keep the last token and call with it later for what changed since.
/// </summary>
public sealed record SyncPage(
    [property: Description("Articles created or changed (on the first calls: every article you may see), in full as GET /v1/articles/{id} gives them")] IReadOnlyList<ArticleResponse> Articles,
    [property: Description("Articles to remove: deleted, unpublished, or no longer cleared for you")] IReadOnlyList<SyncTombstone> Deleted,
    [property: Description("The surrogate keys of what changed since the previous token (articles, and the bylines, tags and entities they show): what to purge from a CDN in front of the API, as the Surrogate-Key header of each answer names what it shows. Empty on the first calls.")] IReadOnlyList<string> SurrogateKeys,
    [property: Description("Pass to the next call")] string Token,
    [property: Description("Whether more is waiting now: call again at once with token")] bool HasMore,
    [property: Description("Relative URL of the next call")] string Next) : IVolatileRepresentation;

public sealed record SyncTombstone(
    [property: Description("The article's id")] string Id,
    [property: Description("Its slug when you last could see it (a write that hid and renamed it at once is announced under the old slug)")] string Slug,
    [property: Description("deleted, or unpublished (also when it is no longer cleared for syndication, or back under embargo)")] string Reason,
    [property: Description("When it went")] DateTime At);
