using System.Globalization;
using ContentApi.Access;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Entities;

public static class ExtractionJobEndpoints
{
    /// <summary>
    /// Jobs live at /v1/extraction-jobs/{id}. Their first address, /v1/entities/extraction-jobs/{id}, read as an entity's
    /// path (an entity with the slug "extraction-jobs"?): it still answers, as the same operation, for links handed out
    /// before, but is no longer in the contract. (Not a redirect: HTTP clients drop the Authorization header on one.)
    /// </summary>
    public static RouteGroupBuilder MapExtractionJobs(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/extraction-jobs").WithTags("Extraction jobs");
        group.MapGet("/{id}", GetExtractionJob).WithName("GetExtractionJob")
            .WithSummary("How far the background re-extraction after an entity write has got, and how many articles it changed")
            .ProducesProblem(StatusCodes.Status404NotFound).ForEditors();
        routes.MapGet("/entities/extraction-jobs/{id}", GetExtractionJob).ExcludeFromDescription().ForEditors();
        return group;
    }

    private static async Task<Results<Ok<ExtractionJobResponse>, ProblemHttpResult>> GetExtractionJob(string id, ContentDb db, CancellationToken ct)
    {
        var job = Lookup.TryParseId(id, out var key)
            ? await db.ExtractionJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == key, ct)
            : null;
        return job is null
            ? Problems.NotFound("Extraction job", id)
            : TypedResults.Ok(new ExtractionJobResponse(
                job.Id.ToString(CultureInfo.InvariantCulture), job.EntityId?.ToString(CultureInfo.InvariantCulture), job.Status,
                job.QueuedAt, job.StartedAt, job.FinishedAt, job.ArticlesScanned, job.ArticlesChanged, job.Error));
    }
}
