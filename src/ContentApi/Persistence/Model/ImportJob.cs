namespace ContentApi.Persistence;

/// <summary>
/// An import sent over HTTP, run in the background by ImportJobRunner: its body is kept in <see cref="ImportJobPart"/> rows
/// until the job finishes, so a job survives a restart and any replica can run it.
/// </summary>
public sealed class ImportJob
{
    public int Id { get; set; }

    /// <summary>ndjson, wordpress or ghost.</summary>
    public string Format { get; set; } = "";
    public ImportJobStatus Status { get; set; }
    public DateTime QueuedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public long BodyBytes { get; set; }

    /// <summary>The key that sent the import, whose revisions the written articles get.</summary>
    public int? AuthorKeyId { get; set; }
    public string? AuthorName { get; set; }

    public long LinesChecked { get; set; }
    public long LinesWritten { get; set; }
    public long TotalLines { get; set; }

    /// <summary>How many times a runner has claimed the job: more than one when it was taken up again after a stop.</summary>
    public int Attempts { get; set; }

    /// <summary>The import's report (ImportReport as JSON) once it succeeded.</summary>
    public string? Report { get; set; }

    /// <summary>What a migration converted and could not map (SourceConversion as JSON).</summary>
    public string? Conversion { get; set; }

    /// <summary>Why it failed: the lines' errors (field → messages, as JSON), or one message.</summary>
    public string? Errors { get; set; }
    public string? Error { get; set; }

    /// <summary>Which runner (one per process) holds the running job, and until when: see LeasedJobRunner.</summary>
    public string? LeaseHolder { get; set; }
    public DateTime? LeaseUntil { get; set; }
}

/// <summary>One piece of an import job's body, in order of <see cref="Number"/>.</summary>
public sealed class ImportJobPart
{
    public int JobId { get; set; }
    public int Number { get; set; }
    public byte[] Data { get; set; } = [];
}

public enum ImportJobStatus
{
    /// <summary>The body is still arriving: not yet answered, and not for a runner to start.</summary>
    Receiving,
    Queued,
    Checking,
    Writing,
    Succeeded,
    Failed,
}
