using ContentApi.Articles;
using ContentApi.Changes;
using ContentApi.Jobs;
using ContentApi.Persistence;
using ContentApi.Related;
using ContentApi.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Entities;

/// <summary>
/// Runs queued extraction jobs one at a time, oldest first: finds the articles that may mention the
/// job's entity (a full-text phrase query for each of its names, plus the articles it is already on),
/// extracts their entities and candidates again with the current matcher, saves them in batches and
/// records how many it scanned and changed. Each job runs in one replica, held with a lease it renews after
/// every batch (<see cref="LeasedJobRunner"/>, <see cref="ExtractionJob.LeaseHolder"/>, <see cref="ExtractionJob.LeaseUntil"/>).
/// </summary>
public sealed class ExtractionJobRunner(
    IServiceScopeFactory scopes, ExtractionJobSignal signal, EntityMatchers matchers, KeyTermSelection terms, ContentWriter writer, IFullTextSearch search, TimeProvider clock,
    ILogger<ExtractionJobRunner> log)
    : LeasedJobRunner(scopes, signal, log)
{
    private const int BatchSize = 200;
    private const int MaxErrorLength = 1000;

    /// <summary>Queues again the running jobs whose lease has run out (or that have none, from before leases).</summary>
    protected override async Task RequeueAbandonedAsync(ContentDb db, CancellationToken ct)
    {
        var now = clock.UtcNow();
        var abandoned = db.ExtractionJobs.Where(j => j.Status == ExtractionJobStatus.Running && (j.LeaseUntil == null || j.LeaseUntil <= now));
        // Looked for first: an UPDATE, even of no row, takes the write lock and counts as a write (retiring kept answers).
        if (await abandoned.AnyAsync(ct))
        {
            await abandoned.ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ExtractionJobStatus.Queued).SetProperty(j => j.LeaseHolder, (string?)null), ct);
        }
    }

    /// <summary>Claims a queued job for <paramref name="holder"/>; false when another runner claimed it first.</summary>
    public static async Task<bool> TryClaimAsync(ContentDb db, int jobId, string holder, DateTime now, CancellationToken ct) =>
        await db.ExtractionJobs.Where(j => j.Id == jobId && j.Status == ExtractionJobStatus.Queued)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, ExtractionJobStatus.Running).SetProperty(j => j.StartedAt, now)
                .SetProperty(j => j.LeaseHolder, holder).SetProperty(j => j.LeaseUntil, now + Lease)
                .SetProperty(j => j.ArticlesScanned, 0).SetProperty(j => j.ArticlesChanged, 0).SetProperty(j => j.Error, (string?)null), ct) == 1;

    /// <summary>Runs the oldest queued job; false when there is none.</summary>
    protected override async Task<bool> RunNextAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<ContentDb>();
        var job = await db.ExtractionJobs.AsNoTracking().Where(j => j.Status == ExtractionJobStatus.Queued).OrderBy(j => j.Id)
            .Select(j => new { j.Id, j.EntityId }).FirstOrDefaultAsync(ct);
        if (job is null)
        {
            return false;
        }

        if (!await TryClaimAsync(db, job.Id, Holder, clock.UtcNow(), ct))
        {
            return true; // another runner took it: look for the next
        }

        var held = db.ExtractionJobs.Where(j => j.Id == job.Id && j.Status == ExtractionJobStatus.Running && j.LeaseHolder == Holder);
        using var span = ContentTelemetry.Source.StartActivity("extraction job");
        span?.SetTag("contentapi.job.id", job.Id);
        try
        {
            var (scanned, changed) = await ExtractAsync(db, held, job.EntityId, ct);
            await held.ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, ExtractionJobStatus.Done).SetProperty(j => j.FinishedAt, clock.UtcNow())
                .SetProperty(j => j.ArticlesScanned, scanned).SetProperty(j => j.ArticlesChanged, changed).SetProperty(j => j.LeaseHolder, (string?)null), ct);
            ContentTelemetry.Count(ContentTelemetry.ExtractionJobs, "done");
        }
        catch (LeaseLostException)
        {
            LogLeaseLost(log, nameof(ExtractionJobRunner), job.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(log, e, nameof(ExtractionJobRunner), job.Id);
            db.ChangeTracker.Clear();
            var error = ErrorOf(e, MaxErrorLength);
            await held.ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, ExtractionJobStatus.Failed).SetProperty(j => j.FinishedAt, clock.UtcNow())
                .SetProperty(j => j.Error, error).SetProperty(j => j.LeaseHolder, (string?)null), CancellationToken.None);
            ContentTelemetry.Count(ContentTelemetry.ExtractionJobs, "failed");
        }

        return true;
    }

    /// <summary>Extracts the job's articles a batch at a time, recording progress and renewing the lease after each.</summary>
    private async Task<(int Scanned, int Changed)> ExtractAsync(ContentDb db, IQueryable<ExtractionJob> held, int? entityId, CancellationToken ct)
    {
        var articleIds = entityId is int id
            ? await ArticlesThatMayMentionAsync(db, id, ct)
            : await db.Articles.OrderBy(a => a.Id).Select(a => a.Id).ToListAsync(ct);
        var (scanned, changed) = (0, 0);
        foreach (var batch in articleIds.Chunk(BatchSize))
        {
            changed += await ExtractBatchAsync(db, batch, entityId, ct);
            scanned += batch.Length;
            if (await held.ExecuteUpdateAsync(s => s
                .SetProperty(j => j.ArticlesScanned, scanned).SetProperty(j => j.ArticlesChanged, changed)
                .SetProperty(j => j.LeaseUntil, clock.UtcNow() + Lease), ct) == 0)
            {
                throw new LeaseLostException();
            }
        }

        return (scanned, changed);
    }

    /// <summary>
    /// Articles whose text has one of the entity's names as a phrase, and those it is on already (a name
    /// it lost may have been what put it there). Pending candidates that are one of its names are accepted.
    /// </summary>
    private async Task<List<int>> ArticlesThatMayMentionAsync(ContentDb db, int entityId, CancellationToken ct)
    {
        var entity = await db.Entities.AsNoTracking().Where(e => e.Id == entityId).Select(e => new { e.Name, e.Aliases }).SingleOrDefaultAsync(ct);
        if (entity is null)
        {
            return [];
        }

        string[] names = [entity.Name, .. entity.Aliases];
        var keys = names.Select(EntityMatcher.KeyOf).ToList();
        await db.EntityCandidates.Where(c => keys.Contains(c.Key) && c.Status == CandidateStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CandidateStatus.Accepted)
                .SetProperty(c => c.EntityId, entityId).SetProperty(c => c.DecidedAt, clock.UtcNow()), ct);

        // Each name as one quoted phrase: whatever it contains, FTS5 reads it as words, never as syntax.
        var phrases = names.Select(n => ArticleSearchIndex.ToMatchExpression($"\"{n.Replace('"', ' ')}\"")).OfType<string>().Distinct().ToList();
        var found = phrases.Count == 0 ? [] : await search.MatchingAsync(string.Join(" OR ", phrases), Timeout.InfiniteTimeSpan, ct);
        var linked = await db.ArticleEntities.Where(l => l.EntityId == entityId).Select(l => l.ArticleId).ToListAsync(ct);
        return [.. found.Union(linked).Order()];
    }

    /// <summary>
    /// Extracts a batch of articles again; returns how many had their entities changed. A job over every article (entityId
    /// null: an import of new names, an upgrade) also chooses their key terms again, against the related index as it is.
    /// </summary>
    private async Task<int> ExtractBatchAsync(ContentDb db, int[] ids, int? entityId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var matcher = await matchers.GetAsync(db, ct);
                var articles = await db.Articles.Where(a => ids.Contains(a.Id))
                    .Include(a => a.Entities).Include(a => a.EntityRejections).AsSplitQuery().ToListAsync(ct);
                var changed = new List<int>();
                var sightings = new List<(Article, IReadOnlyList<CapitalisedPhrase>)>();
                foreach (var article in articles)
                {
                    var picks = ArticleEntityLinks.EditorPicks(article.Entities);
                    var rejected = article.EntityRejections.Select(r => r.EntityId).ToHashSet();
                    var (found, candidates) = matcher.Analyse(article.Headline, article.Standfirst, article.Body.Text);
                    var keyTerms = entityId is null ? KeyTermText.Write(terms.Choose(article.Headline, article.Standfirst, article.Body.Text, article.Language)) : article.KeyTerms.Terms;
                    if (ArticleEntityLinks.Apply(article.Entities, picks, rejected, found) | keyTerms != article.KeyTerms.Terms)
                    {
                        article.KeyTerms.Terms = keyTerms;
                        changed.Add(article.Id);
                    }

                    sightings.Add((article, candidates));
                }

                await CandidateSightings.RecordAsync(db, sightings, clock.UtcNow(), ct);
                await writer.SaveAsync(db, ct);
                return changed.Count;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // An editor changed one of these articles meanwhile: read them again.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
