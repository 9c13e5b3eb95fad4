using ContentApi.References;
using System.Globalization;
using ContentApi.Access;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Entities;

/// <summary>
/// The review queue of entity candidates: capitalised phrases from article text that name no known
/// entity, most widespread first. Accepting one makes an entity (and re-extracts the articles that
/// use it); rejecting one means it is never proposed again.
/// </summary>
public static class CandidateEndpoints
{
    private const int ExampleCount = 3;
    private static readonly ReferenceResourceHandlers<NamedEntity, EntityRequest, EntityResponse> Entities = new(EntityEndpoints.Kind);

    public static RouteGroupBuilder MapEntityCandidates(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/entities/candidates").WithTags("Entity candidates");
        group.MapGet("/", ListCandidates).WithName("ListEntityCandidates")
            .WithSummary("List entity candidates: phrases seen in the most articles first, then the most often; pending ones unless status= says otherwise")
            .ForEditors();
        group.MapPost("/{id}/accept", AcceptCandidate).WithName("AcceptEntityCandidate")
            .WithSummary("Make an entity from a candidate; the articles that may mention it are re-extracted in the background")
            .WithDescription("Answers 201 with the entity, and a Link header with rel=\"extraction\" to the job that updates the articles.")
            .WithExtractionLink().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ForEditors();
        group.MapPost("/{id}/reject", RejectCandidate).WithName("RejectEntityCandidate")
            .WithSummary("Reject a candidate: its phrase is never proposed again")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ForEditors();
        return group;
    }

    private static async Task<Ok<Page<CandidateResponse>>> ListCandidates(
        [AsParameters] CandidateListQuery query, HttpRequest http, ContentDb db, CancellationToken ct)
    {
        var status = query.EffectiveStatus;
        var rows = await Summaries(db, db.EntityCandidates.Where(c => c.Status == status))
            .Where(c => status != CandidateStatus.Pending || c.ArticleCount > 0)
            .OrderByDescending(c => c.ArticleCount).ThenByDescending(c => c.Count).ThenBy(c => c.Candidate.Id)
            .Skip(query.Offset).Take(query.Limit + 1).ToListAsync(ct);
        var items = await ToResponsesAsync(db, rows.Take(query.Limit), ct);
        var next = rows.Count > query.Limit ? Cursors.Encode((query.Offset + query.Limit).ToString(CultureInfo.InvariantCulture)) : null;
        return TypedResults.Ok(new Page<CandidateResponse>(items, query.Limit, next, next is null ? null : NextLinks.For(http, next)));
    }

    private static async Task<Results<Created<EntityResponse>, ValidationProblem, ProblemHttpResult>> AcceptCandidate(
        string id, AcceptCandidateRequest request, HttpResponse http, ContentDb db, Changes.ContentWriter writer, IValidator<EntityRequest> validator,
        TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(db, id, ct) is not { } candidate)
        {
            return Problems.NotFound("Candidate", id);
        }

        if (candidate.Status == CandidateStatus.Accepted)
        {
            return AlreadyAccepted(candidate.Text, candidate.EntityId);
        }

        var name = request.Name ?? candidate.Text;
        var aliases = request.Aliases ?? [];
        var named = aliases.Prepend(name).Select(EntityMatcher.KeyOf).Contains(EntityMatcher.KeyOf(candidate.Text));
        var entity = new EntityRequest(request.Slug, name, request.Type!.Value, named ? aliases : [.. aliases, candidate.Text], request.Description);
        if (await ValidationFilter.Validate(validator, entity, ct) is { } invalid)
        {
            return invalid;
        }

        // Marked accepted in the same save that creates the entity and queues its extraction job.
        (candidate.Status, candidate.DecidedAt) = (CandidateStatus.Accepted, clock.UtcNow());
        switch ((await Entities.Create(entity, http, db, writer, clock, ct)).Result)
        {
            case Created<EntityResponse> created:
                candidate.EntityId = int.Parse(created.Value!.Id, CultureInfo.InvariantCulture);
                await db.SaveChangesAsync(ct);
                return created;
            case ProblemHttpResult problem:
                return problem;
            case var other:
                throw new InvalidOperationException($"Unexpected create result {other}");
        }
    }

    private static async Task<Results<Ok<CandidateResponse>, ProblemHttpResult>> RejectCandidate(
        string id, ContentDb db, TimeProvider clock, CancellationToken ct)
    {
        if (await FindAsync(db, id, ct) is not { } candidate)
        {
            return Problems.NotFound("Candidate", id);
        }

        if (candidate.Status == CandidateStatus.Accepted)
        {
            return AlreadyAccepted(candidate.Text, candidate.EntityId);
        }

        if (candidate.Status == CandidateStatus.Pending)
        {
            (candidate.Status, candidate.DecidedAt) = (CandidateStatus.Rejected, clock.UtcNow());
            await db.SaveChangesAsync(ct);
        }

        var summary = await Summaries(db, db.EntityCandidates.Where(c => c.Id == candidate.Id)).SingleAsync(ct);
        return TypedResults.Ok((await ToResponsesAsync(db, [summary], ct))[0]);
    }

    private static async Task<EntityCandidate?> FindAsync(ContentDb db, string id, CancellationToken ct) =>
        Lookup.TryParseId(id, out var key) ? await db.EntityCandidates.SingleOrDefaultAsync(c => c.Id == key, ct) : null;

    internal static ProblemHttpResult AlreadyAccepted(string text, int? entityId) => TypedResults.Problem(
        title: "Candidate already accepted",
        detail: $"The candidate '{text}' was accepted{(entityId is { } entity ? $" as entity {entity}" : "")}; edit that entity instead.",
        statusCode: StatusCodes.Status409Conflict);

    /// <summary>Each candidate with the number of articles it is in and how often they use it.</summary>
    private static IQueryable<CandidateSummary> Summaries(ContentDb db, IQueryable<EntityCandidate> candidates) =>
        candidates.Select(c => new CandidateSummary
        {
            Candidate = c,
            ArticleCount = db.EntityCandidateSightings.Count(s => s.CandidateId == c.Id),
            Count = db.EntityCandidateSightings.Where(s => s.CandidateId == c.Id).Sum(s => s.Count),
        });

    private static async Task<List<CandidateResponse>> ToResponsesAsync(ContentDb db, IEnumerable<CandidateSummary> summaries, CancellationToken ct)
    {
        var responses = new List<CandidateResponse>();
        foreach (var (candidate, articleCount, count) in summaries.Select(s => (s.Candidate, s.ArticleCount, s.Count)))
        {
            var examples = await db.EntityCandidateSightings.Where(s => s.CandidateId == candidate.Id)
                .OrderByDescending(s => s.Count).ThenByDescending(s => s.ArticleId).Take(ExampleCount)
                .Select(s => new CandidateExample(s.ArticleId.ToString(CultureInfo.InvariantCulture), s.Article.Slug, s.Article.Headline, s.Count))
                .ToListAsync(ct);
            responses.Add(new CandidateResponse(
                candidate.Id.ToString(CultureInfo.InvariantCulture), candidate.Text, candidate.Status, count, articleCount,
                candidate.FirstSeenAt, candidate.LastSeenAt, candidate.DecidedAt,
                candidate.EntityId?.ToString(CultureInfo.InvariantCulture), examples));
        }

        return responses;
    }

    private sealed class CandidateSummary
    {
        public EntityCandidate Candidate { get; init; } = null!;
        public int ArticleCount { get; init; }
        public int Count { get; init; }
    }
}
