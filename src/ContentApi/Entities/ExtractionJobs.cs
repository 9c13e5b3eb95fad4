using System.Globalization;

namespace ContentApi.Entities;

/// <summary>Queues extraction jobs, in the same save as the write that makes them necessary.</summary>
public static class ExtractionJobs
{
    public const string LinkRel = "extraction";

    /// <summary>
    /// Queues re-extraction of the articles that may mention <paramref name="entity"/> (new, or with changed
    /// names); returns the Link header value that points at the job, to be read once the save has given it an id.
    /// </summary>
    public static Func<string> QueueFor(ContentDb db, NamedEntity entity, DateTime now)
    {
        var job = new ExtractionJob { Entity = entity, Status = ExtractionJobStatus.Queued, QueuedAt = now };
        db.ExtractionJobs.Add(job);
        return () => $"<{PathOf(job.Id)}>; rel=\"{LinkRel}\"";
    }

    /// <summary>Queues re-extraction of every article (after an import changed entities, or an upgrade).</summary>
    public static void QueueAll(ContentDb db, DateTime now) =>
        db.ExtractionJobs.Add(new ExtractionJob { Status = ExtractionJobStatus.Queued, QueuedAt = now });

    public static string PathOf(int jobId) => $"/v1/extraction-jobs/{jobId.ToString(CultureInfo.InvariantCulture)}";
}
