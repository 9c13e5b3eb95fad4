using System.Text.Json;
using ContentApi.Jobs;
using ContentApi.Transfer.Sources;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Options;

namespace ContentApi.Transfer;

/// <summary>
/// Runs queued import jobs one at a time, oldest first, each in one replica (<see cref="LeasedJobRunner"/>): a migration's
/// body is converted to NDJSON in a temporary file first, then <see cref="ContentImporter"/> checks every line and, when all
/// are valid, writes them. Progress goes to the job's row once a second, renewing the lease; a runner that finds its lease
/// lost stops. A job taken up again after a stop runs from the start: the import is idempotent, so the second run writes only
/// what the first had not, and the content ends the same as after one uninterrupted run. The stored body is deleted when the
/// job ends.
/// </summary>
public sealed class ImportJobRunner(
    IServiceScopeFactory scopes, ImportJobSignal signal, TimeProvider clock, IOptions<JsonOptions> json, ILogger<ImportJobRunner> log)
    : LeasedJobRunner(scopes, signal, log)
{
    private const int MaxErrorLength = 1000;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;

    /// <summary>Queues again the started jobs whose lease has run out; deletes the ones whose body never finished arriving.</summary>
    protected override async Task RequeueAbandonedAsync(ContentDb db, CancellationToken ct)
    {
        var now = clock.UtcNow();
        var abandoned = db.ImportJobs.Where(j => j.Status != ImportJobStatus.Queued && j.LeaseUntil != null && j.LeaseUntil <= now);
        // Looked for first: an UPDATE, even of no row, takes the write lock.
        if (!await abandoned.AnyAsync(ct))
        {
            return;
        }

        await abandoned.Where(j => j.Status == ImportJobStatus.Receiving).ExecuteDeleteAsync(ct);
        await abandoned.Where(j => j.Status == ImportJobStatus.Checking || j.Status == ImportJobStatus.Writing)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ImportJobStatus.Queued).SetProperty(j => j.LeaseHolder, (string?)null)
                .SetProperty(j => j.LeaseUntil, (DateTime?)null), ct);
    }

    /// <summary>Claims a queued job for <paramref name="holder"/>; false when another runner claimed it first.</summary>
    public static async Task<bool> TryClaimAsync(ContentDb db, int jobId, string holder, DateTime now, CancellationToken ct) =>
        await db.ImportJobs.Where(j => j.Id == jobId && j.Status == ImportJobStatus.Queued)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, ImportJobStatus.Checking).SetProperty(j => j.StartedAt, now).SetProperty(j => j.Attempts, j => j.Attempts + 1)
                .SetProperty(j => j.LeaseHolder, holder).SetProperty(j => j.LeaseUntil, now + Lease)
                .SetProperty(j => j.LinesChecked, 0).SetProperty(j => j.LinesWritten, 0).SetProperty(j => j.TotalLines, 0), ct) == 1;

    protected override async Task<bool> RunNextAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<ContentDb>();
        var job = await db.ImportJobs.AsNoTracking().Where(j => j.Status == ImportJobStatus.Queued).OrderBy(j => j.Id)
            .Select(j => new { j.Id, j.Format, j.AuthorKeyId, j.AuthorName }).FirstOrDefaultAsync(ct);
        if (job is null)
        {
            return false;
        }

        if (!await TryClaimAsync(db, job.Id, Holder, clock.UtcNow(), ct))
        {
            return true;
        }

        var held = db.ImportJobs.Where(j => j.Id == job.Id && j.LeaseHolder == Holder);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var progress = new LatestProgress();
        var reporting = ReportProgressAsync(job.Id, progress, stop);
        var converted = Path.Combine(Path.GetTempPath(), $"contentapi-import-{job.Id}-{Guid.NewGuid():N}.ndjson");
        try
        {
            Func<Stream> open = () => new ImportJobBodyStream(Scopes, job.Id);
            if (ImportQuery.SourceOf(job.Format) is { } source)
            {
                SourceConversion conversion;
                await using (var body = new ImportJobBodyStream(Scopes, job.Id))
                await using (var output = File.Create(converted))
                {
                    conversion = await SourceConverter.ConvertAsync(source, body, output, stop.Token);
                }

                var text = JsonSerializer.Serialize(conversion, _json);
                await held.ExecuteUpdateAsync(s => s.SetProperty(j => j.Conversion, text), stop.Token);
                open = () => File.OpenRead(converted);
            }

            var (report, errors) = await services.GetRequiredService<ContentImporter>()
                .ImportAsync(open, Revisions.Author.From(job.AuthorKeyId, job.AuthorName), stop.Token, progress);
            await stop.CancelAsync();
            await reporting;
            var (reportText, errorsText) = (report is null ? null : JsonSerializer.Serialize(report, _json), errors is null ? null : JsonSerializer.Serialize(errors, _json));
            var last = progress.Latest;
            await FinishAsync(db, job.Id, report is null ? ImportJobStatus.Failed : ImportJobStatus.Succeeded, s => s
                .SetProperty(j => j.Report, reportText).SetProperty(j => j.Errors, errorsText)
                .SetProperty(j => j.LinesChecked, last.LinesChecked).SetProperty(j => j.LinesWritten, last.LinesWritten).SetProperty(j => j.TotalLines, last.TotalLines));
        }
        catch (OperationCanceledException) when (progress.LeaseLost && !ct.IsCancellationRequested)
        {
            LogLeaseLost(log, nameof(ImportJobRunner), job.Id);
        }
        catch (SourceFormatException e)
        {
            var error = ErrorOf(e, MaxErrorLength);
            await FinishAsync(db, job.Id, ImportJobStatus.Failed, s => s.SetProperty(j => j.Error, error));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(log, e, nameof(ImportJobRunner), job.Id);
            var error = $"The import stopped: {ErrorOf(e, MaxErrorLength - 20)}";
            await FinishAsync(db, job.Id, ImportJobStatus.Failed, s => s.SetProperty(j => j.Error, error));
        }
        finally
        {
            await stop.CancelAsync();
            await reporting;
            File.Delete(converted);
        }

        return true;
    }

    /// <summary>Ends the held job with <paramref name="status"/> and deletes its body; nothing when another runner holds it now.</summary>
    private async Task FinishAsync(ContentDb db, int jobId, ImportJobStatus status, Action<UpdateSettersBuilder<ImportJob>> set)
    {
        var now = clock.UtcNow();
        db.ChangeTracker.Clear();
        if (await db.ImportJobs.Where(j => j.Id == jobId && j.LeaseHolder == Holder).ExecuteUpdateAsync(s =>
            {
                set(s);
                s.SetProperty(j => j.Status, status).SetProperty(j => j.FinishedAt, now)
                    .SetProperty(j => j.LeaseHolder, (string?)null).SetProperty(j => j.LeaseUntil, (DateTime?)null);
            }, CancellationToken.None) == 1)
        {
            await db.ImportJobParts.Where(p => p.JobId == jobId).ExecuteDeleteAsync(CancellationToken.None);
        }
    }

    /// <summary>Every second until stopped: the latest progress into the job's row, and the lease renewed; stops the import when the lease is lost.</summary>
    private async Task ReportProgressAsync(int jobId, LatestProgress progress, CancellationTokenSource stop)
    {
        using var timer = new PeriodicTimer(ProgressInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                await using var scope = Scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
                var latest = progress.Latest;
                var status = latest.Writing ? ImportJobStatus.Writing : ImportJobStatus.Checking;
                var until = clock.UtcNow() + Lease;
                if (await db.ImportJobs.Where(j => j.Id == jobId && j.LeaseHolder == Holder)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, status).SetProperty(j => j.LeaseUntil, until)
                        .SetProperty(j => j.LinesChecked, latest.LinesChecked).SetProperty(j => j.LinesWritten, latest.LinesWritten)
                        .SetProperty(j => j.TotalLines, latest.TotalLines), stop.Token) == 0)
                {
                    progress.LeaseLost = true;
                    await stop.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped: the job ended, or its lease was lost.
        }
    }

    /// <summary>Keeps only the importer's latest report; the reporting loop reads it.</summary>
    private sealed class LatestProgress : IProgress<ImportProgress>
    {
        private ImportProgress _latest = new(0, 0, 0, Writing: false);

        public ImportProgress Latest => Volatile.Read(ref _latest);

        public bool LeaseLost { get; set; }

        public void Report(ImportProgress value) => Volatile.Write(ref _latest, value);
    }
}
