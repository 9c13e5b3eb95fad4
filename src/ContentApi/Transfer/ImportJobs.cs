using System.Globalization;
using System.Text.Json;
using ContentApi.Transfer.Sources;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Transfer;

/// <summary>Wakes the import job runner when a job is queued.</summary>
public sealed class ImportJobSignal : Jobs.JobSignal;

/// <summary>
/// Import jobs: queued with the request's body stored in the database a part at a time (never whole in memory), run by
/// <see cref="ImportJobRunner"/> in one replica, read back as <see cref="ImportJobResponse"/>.
/// </summary>
public static class ImportJobs
{
    /// <summary>Size of a stored part of a body.</summary>
    public const int PartBytes = 1024 * 1024;

    /// <summary>The longest a POST waits for its job with Prefer: wait.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static string PathOf(int jobId) => $"/v1/imports/{jobId.ToString(CultureInfo.InvariantCulture)}";

    public static IServiceCollection AddImportJobs(this IServiceCollection services)
    {
        services.AddSingleton<ImportJobSignal>();
        services.AddHostedService<ImportJobRunner>();
        return services;
    }

    /// <summary>
    /// Stores <paramref name="body"/> as a new job's parts and queues it. Until the last part is stored the job is
    /// "receiving", held with a lease renewed after each part, so a runner never starts it half received and one a stopped
    /// process left half received is deleted once its lease runs out.
    /// </summary>
    public static async Task<ImportJob> QueueAsync(ContentDb db, string format, Stream body, Revisions.Author? author, DateTime now, CancellationToken ct)
    {
        var job = new ImportJob
        {
            Format = format, Status = ImportJobStatus.Receiving, QueuedAt = now, LeaseHolder = "receiving", LeaseUntil = now + Jobs.LeasedJobRunner.Lease,
            AuthorKeyId = author is null ? null : int.Parse(author.KeyId, CultureInfo.InvariantCulture), AuthorName = author?.Name,
        };
        db.ImportJobs.Add(job);
        await db.SaveChangesAsync(ct);
        try
        {
            var buffer = new byte[PartBytes];
            for (var number = 0; ; number++)
            {
                var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
                if (length == 0)
                {
                    break;
                }

                db.ImportJobParts.Add(new ImportJobPart { JobId = job.Id, Number = number, Data = buffer[..length] });
                job.BodyBytes += length;
                job.LeaseUntil = now + Jobs.LeasedJobRunner.Lease;
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
                db.Attach(job);
            }

            job.Status = ImportJobStatus.Queued;
            (job.LeaseHolder, job.LeaseUntil) = (null, null);
            await db.SaveChangesAsync(ct);
            return job;
        }
        catch
        {
            db.ChangeTracker.Clear();
            await db.ImportJobs.Where(j => j.Id == job.Id).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// The job once it has ended, or as it is when <paramref name="wait"/> has passed. Read from the database, so it sees
    /// the job end whichever replica runs it. (Real time: a job's own times come from the service's clock.)
    /// </summary>
    public static async Task<ImportJob> WaitAsync(ContentDb db, int jobId, TimeSpan wait, CancellationToken ct)
    {
        var deadline = TimeProvider.System.GetTimestamp() + (long)(wait.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            var job = await db.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == jobId, ct);
            if (job.Status is ImportJobStatus.Succeeded or ImportJobStatus.Failed || TimeProvider.System.GetTimestamp() >= deadline)
            {
                return job;
            }

            await Task.Delay(Poll, ct);
        }
    }

    public static ImportJobResponse ToResponse(ImportJob job, DateTime now, JsonSerializerOptions json)
    {
        var seconds = job.StartedAt is { } started ? ((job.FinishedAt ?? now) - started).TotalSeconds : 0;
        var done = job.LinesWritten > 0 ? job.LinesWritten : job.LinesChecked;
        return new ImportJobResponse(
            job.Id.ToString(CultureInfo.InvariantCulture), job.Format, job.Status, job.QueuedAt, job.StartedAt, job.FinishedAt, job.BodyBytes,
            job.LinesChecked, job.LinesWritten, job.TotalLines > 0 ? job.TotalLines : null, seconds >= 1 ? Math.Round(done / seconds, 1) : null, job.Attempts,
            job.Report is null ? null : JsonSerializer.Deserialize<ImportReport>(job.Report, json),
            job.Conversion is null ? null : JsonSerializer.Deserialize<SourceConversion>(job.Conversion, json),
            ProblemOf(job, json));
    }

    private static HttpValidationProblemDetails? ProblemOf(ImportJob job, JsonSerializerOptions json)
    {
        if (job.Status != ImportJobStatus.Failed)
        {
            return null;
        }

        var errors = job.Errors is null ? new Dictionary<string, string[]>() : JsonSerializer.Deserialize<Dictionary<string, string[]>>(job.Errors, json)!;
        return new HttpValidationProblemDetails(errors)
        {
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            Title = "Import refused",
            Status = StatusCodes.Status400BadRequest,
            Detail = job.Error ?? $"Some lines are invalid (at most {ContentImporter.MaxReportedErrors} are listed); nothing was imported.",
        };
    }
}

/// <summary>A stored job body, read back a part at a time through a scope (and database context) of its own.</summary>
internal sealed class ImportJobBodyStream(IServiceScopeFactory scopes, int jobId) : Stream
{
    private readonly AsyncServiceScope _scope = scopes.CreateAsyncScope();
    private byte[] _part = [];
    private int _offset;
    private int _next;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_offset == _part.Length)
        {
            var db = _scope.ServiceProvider.GetRequiredService<ContentDb>();
            var number = _next;
            _part = await db.ImportJobParts.AsNoTracking().Where(p => p.JobId == jobId && p.Number == number).Select(p => p.Data)
                .SingleOrDefaultAsync(cancellationToken) ?? [];
            (_offset, _next) = (0, _next + 1);
        }

        var count = Math.Min(buffer.Length, _part.Length - _offset);
        _part.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _scope.Dispose();
        }

        base.Dispose(disposing);
    }
}
