using System.ComponentModel;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace ContentApi.Entities;

/// <summary>A capitalised phrase from article text that names no known entity: a proposal for a new entity.</summary>
public sealed record CandidateResponse(
    [property: Description("The candidate's id, for accept and reject")] string Id,
    [property: Description("The phrase as first seen, such as Assimi Goita")] string Text,
    [property: Description("pending: waiting for review; accepted: an entity was made from it (or has its name); rejected: never proposed again")] CandidateStatus Status,
    [property: Description("How many times the articles it is in use it")] int Count,
    [property: Description("How many articles use it")] int ArticleCount,
    [property: Description("When an article first used it")] DateTime FirstSeenAt,
    [property: Description("When an article written most recently used it")] DateTime LastSeenAt,
    [property: Description("When it was accepted or rejected")] DateTime? DecidedAt,
    [property: Description("The entity made from it or named by it, once accepted")] string? EntityId,
    [property: Description("Where it was seen: up to three of the articles that use it most")] IReadOnlyList<CandidateExample> Examples);

/// <summary>An article a candidate was seen in.</summary>
public sealed record CandidateExample(string Id, string Slug, string Headline, [property: Description("How many times this article uses the phrase")] int Count);

/// <summary>The query string of GET /v1/entities/candidates.</summary>
public sealed record CandidateListQuery(
    [FromQuery(Name = "status")][property: Description("pending (default): in at least one article and not yet decided; accepted; rejected")] string? Status = null,
    [FromQuery(Name = "cursor")][property: Description("Opaque cursor from the previous page's nextCursor")] string? Cursor = null,
    [FromQuery(Name = "limit")][property: Description("Page size, 1-100"), DefaultValue(20)] int Limit = 20)
{
    public static readonly string[] Statuses = ["pending", "accepted", "rejected"];

    public CandidateStatus EffectiveStatus => Enum.Parse<CandidateStatus>(Status ?? "pending", ignoreCase: true);

    /// <summary>Where the page starts in the sorted list, carried by the cursor.</summary>
    public int Offset => Cursors.TryDecode(Cursor, out var offset) ? offset : 0;
}

public sealed class CandidateListQueryValidator : AbstractValidator<CandidateListQuery>
{
    public CandidateListQueryValidator()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, PageQuery.MaxLimit);
        RuleFor(q => q.Status).Must(s => s is null || CandidateListQuery.Statuses.Contains(s))
            .WithMessage($"'status' must be one of: {string.Join(", ", CandidateListQuery.Statuses)}.");
        RuleFor(q => q.Cursor).MustBeIssuedCursor();
    }
}

/// <summary>
/// Makes an entity from a candidate. The candidate's phrase becomes its name unless another is given;
/// a phrase that is neither the name nor an alias is added as an alias, so the articles that use it get the entity.
/// </summary>
public sealed record AcceptCandidateRequest(
    [property: Description("What kind of thing it is (required)")] EntityType? Type,
    [property: Description("Canonical name; the candidate's phrase when omitted")] string? Name = null,
    [property: Description("URL slug; generated from the name when omitted")] string? Slug = null,
    [property: Description("Other names it goes by")] IReadOnlyList<string>? Aliases = null,
    [property: Description("One or two sentences on who or what it is")] string? Description = null);

public sealed class AcceptCandidateRequestValidator : AbstractValidator<AcceptCandidateRequest>
{
    public AcceptCandidateRequestValidator()
    {
        RuleFor(r => r.Type).NotNull().WithMessage("Say what kind of entity it is: person, organisation, place, event or other.").IsInEnum();
        RuleForEach(r => r.Aliases).NotNull().WithMessage("An alias may not be null.");
    }
}

/// <summary>A background re-extraction of the articles that may mention an entity whose names changed.</summary>
public sealed record ExtractionJobResponse(
    [property: Description("The job's id")] string Id,
    [property: Description("The entity whose names changed; null for a job over every article")] string? EntityId,
    [property: Description("queued, running, done or failed")] ExtractionJobStatus Status,
    DateTime QueuedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    [property: Description("Articles whose entities were extracted again so far")] int ArticlesScanned,
    [property: Description("Of those, the articles whose entities changed")] int ArticlesChanged,
    [property: Description("Why it failed, when it did")] string? Error);
