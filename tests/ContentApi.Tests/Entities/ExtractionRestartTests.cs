using ContentApi.Persistence;
using ContentApi.Entities;
using ContentApi.Tests.Access;
using ContentApi.Tests.Articles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.Entities;

/// <summary>
/// Extraction jobs are stored, and held with a lease: one a stopped service left running is run again once its lease runs out, one another
/// replica is running is left to it until its lease runs out, and of two claims on a job only one succeeds.
/// </summary>
public sealed class ExtractionRestartTests : IDisposable
{
    private readonly TestDatabase _database = new();

    [Fact]
    public async Task AJobLeftRunning_IsRunAgain_OnceItsLeaseRunsOut()
    {
        int jobId;
        string slug;
        await using (var before = new ConfiguredApiFactory(_database))
        {
            var client = before.CreateClient();
            var name = ExtractionTestHelpers.UniqueWord("Ingle");
            slug = (await client.CreateArticleAsync(await client.ArticleAboutAsync($"{name} speaks", "Nothing else."))).Slug;
            var (entity, link) = await client.CreateNamedEntityAsync(ExtractionTestHelpers.UniqueWord("Jorum"), [name]);
            await client.WaitForJobAsync(link);

            // As if the service had stopped in the middle of a job for this entity, holding it for a while yet.
            await using var scope = before.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
            var job = new ExtractionJob
            {
                EntityId = int.Parse(entity.Id, System.Globalization.CultureInfo.InvariantCulture), Status = ExtractionJobStatus.Running, QueuedAt = DateTime.UtcNow,
                LeaseHolder = "stopped", LeaseUntil = before.Clock.GetUtcNow().UtcDateTime + ExtractionJobRunner.Lease,
            };
            db.ExtractionJobs.Add(job);
            await db.SaveChangesAsync();
            await db.ArticleEntities.Where(l => l.EntityId == job.EntityId).ExecuteDeleteAsync();
            jobId = job.Id;
        }

        await using var after = new ConfiguredApiFactory(_database);
        after.Clock.Advance(ExtractionJobRunner.Lease);
        var restarted = after.CreateClient();
        var done = await restarted.WaitForJobAsync($"/v1/entities/extraction-jobs/{jobId}");

        Assert.Equal((ExtractionJobStatus.Done, 1, 1), (done.Status, done.ArticlesScanned, done.ArticlesChanged));
        var (article, _) = await restarted.GetArticleAsync(slug);
        Assert.Contains(done.EntityId, article.Entities.Select(e => e.Id));
    }

    [Fact]
    public async Task AJobAnotherReplicaHolds_IsLeftToIt_UntilItsLeaseRunsOut()
    {
        var leaseUntil = new ContentApiFactory().Clock.GetUtcNow().UtcDateTime + ExtractionJobRunner.Lease;
        int heldId;
        await using (var before = new ConfiguredApiFactory(_database))
        {
            // Another replica of the service on this database is in the middle of a job over every article.
            await using var scope = before.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
            var held = new ExtractionJob { Status = ExtractionJobStatus.Running, QueuedAt = DateTime.UtcNow, LeaseHolder = "replica-b", LeaseUntil = leaseUntil };
            db.ExtractionJobs.Add(held);
            await db.SaveChangesAsync();
            heldId = held.Id;
        }

        await using var starting = new ConfiguredApiFactory(_database);
        var client = starting.CreateClient();
        // A job of its own runs to the end: the runner has looked at the held job and passed it by.
        var (_, link) = await client.CreateNamedEntityAsync(ExtractionTestHelpers.UniqueWord("Quillon"), [ExtractionTestHelpers.UniqueWord("Quill")]);
        await client.WaitForJobAsync(link);

        var meanwhile = await client.GetElementAsync($"/v1/entities/extraction-jobs/{heldId}");
        Assert.Equal("running", meanwhile.GetProperty("status").GetString());

        // The other replica stops renewing: once its lease runs out, this one queues the job again and runs it.
        starting.Clock.Advance(ExtractionJobRunner.Lease + TimeSpan.FromSeconds(1));
        starting.Services.GetRequiredService<ExtractionJobSignal>().Notify();
        var done = await client.WaitForJobAsync($"/v1/entities/extraction-jobs/{heldId}");
        Assert.Equal(ExtractionJobStatus.Done, done.Status);
    }

    [Fact]
    public async Task OfTwoClaimsOnAQueuedJob_OnlyOneSucceeds()
    {
        await using var api = new ConfiguredApiFactory(_database);
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        // Queued in SQL, unseen by the runner (no save to wake it, and its next look is half a minute away).
        var now = api.Clock.GetUtcNow().UtcDateTime;
        await db.Database.ExecuteSqlAsync($"""INSERT INTO "ExtractionJobs" ("Status", "QueuedAt", "ArticlesScanned", "ArticlesChanged") VALUES ('Queued', {now}, 0, 0)""");
        var jobId = await db.ExtractionJobs.MaxAsync(j => j.Id);

        var first = await ExtractionJobRunner.TryClaimAsync(db, jobId, "replica-a", now, CancellationToken.None);
        var second = await ExtractionJobRunner.TryClaimAsync(db, jobId, "replica-b", now, CancellationToken.None);

        Assert.Equal((true, false), (first, second));
        var job = await db.ExtractionJobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
        Assert.Equal((ExtractionJobStatus.Running, "replica-a", now + ExtractionJobRunner.Lease), (job.Status, job.LeaseHolder, job.LeaseUntil));
    }

    public void Dispose()
    {
        _database.Dispose();
    }
}
