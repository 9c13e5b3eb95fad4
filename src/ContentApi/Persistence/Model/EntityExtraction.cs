namespace ContentApi.Persistence;

/// <summary>
/// A capitalised phrase that named no known entity when articles were written: a proposal for the
/// entity review queue. Key is the phrase folded as the matcher folds names (case, diacritics).
/// </summary>
public sealed class EntityCandidate
{
    public int Id { get; set; }
    public string Key { get; set; } = "";

    /// <summary>The phrase as first seen.</summary>
    public string Text { get; set; } = "";

    public CandidateStatus Status { get; set; }

    /// <summary>The entity made from it, once accepted (null if that entity was deleted).</summary>
    public int? EntityId { get; set; }

    public DateTime FirstSeenAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public DateTime? DecidedAt { get; set; }
}

public enum CandidateStatus
{
    Pending,
    Accepted,
    Rejected,
}

/// <summary>Where a candidate phrase was seen: one row per article, replaced on every write of the article.</summary>
public sealed class EntityCandidateSighting
{
    public int CandidateId { get; set; }
    public int ArticleId { get; set; }
    public int Count { get; set; }
    public DateTime SeenAt { get; set; }
    public EntityCandidate Candidate { get; set; } = null!;
    public Article Article { get; set; } = null!;
}

/// <summary>
/// Re-extraction of the articles that may mention an entity after its names changed (or of every
/// article when EntityId is null), run in the background by ExtractionJobRunner.
/// </summary>
public sealed class ExtractionJob
{
    public int Id { get; set; }
    public int? EntityId { get; set; }
    public ExtractionJobStatus Status { get; set; }
    public DateTime QueuedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public int ArticlesScanned { get; set; }
    public int ArticlesChanged { get; set; }
    public string? Error { get; set; }

    /// <summary>Which runner (one per process) holds the running job, and until when: see ExtractionJobRunner.</summary>
    public string? LeaseHolder { get; set; }
    public DateTime? LeaseUntil { get; set; }

    public NamedEntity? Entity { get; set; }
}

public enum ExtractionJobStatus
{
    Queued,
    Running,
    Done,
    Failed,
}
