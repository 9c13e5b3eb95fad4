using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ContentApi.Persistence;
using ContentApi.Tests.Access;
using ContentApi.Transfer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.Transfer;

/// <summary>
/// POST /v1/import is a job: 202 with a Location to poll as soon as the body is stored, or the outcome itself with
/// Prefer: wait; an invalid file's job fails with the lines' errors and writes nothing; a job left running by a stopped
/// process is taken up again and ends with the same content as an uninterrupted one; of two replicas only one runs a job.
/// </summary>
public sealed class ImportJobTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task Answers202WithALocation_WhereTheJobIsFollowedToSuccess()
    {
        var client = api.CreateClient();
        var file = new NewsroomFile();

        using var response = await client.PostAsync("/v1/import", new StringContent(file.ToString(), Encoding.UTF8, ContentRecords.MediaType));

        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var location = response.Headers.Location!.OriginalString;
        var accepted = await response.ReadAsync<ImportJobResponse>();
        Assert.Equal($"/v1/imports/{accepted.Id}", location);
        Assert.Equal(("ndjson", Encoding.UTF8.GetByteCount(file.ToString())), (accepted.Format, accepted.BodyBytes));
        Assert.Contains(accepted.Status, new[] { ImportJobStatus.Queued, ImportJobStatus.Checking, ImportJobStatus.Writing, ImportJobStatus.Succeeded });

        var done = await client.WaitForImportAsync(location);
        Assert.Equal((ImportJobStatus.Succeeded, 6L, 6L, 6L, 1), (done.Status, done.LinesChecked, done.LinesWritten, done.TotalLines, done.Attempts));
        Assert.Equal(new ImportReport(Lines: 6, Created: 6, Updated: 0, Unchanged: 0), done.Report);
        Assert.NotNull(done.StartedAt);
        Assert.NotNull(done.FinishedAt);
        Assert.Null(done.Problem);
        await client.GetJsonAsync($"/v1/articles/{file.Pinning}");
    }

    [Fact]
    public async Task PreferWait_AnswersWithTheFinishedJob()
    {
        var client = api.CreateClient();

        using var response = await client.ImportAsync(new NewsroomFile().ToString());

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(TransferTestHelpers.Wait, response.Headers.GetValues("Preference-Applied").Single());
        var job = await response.ReadAsync<ImportJobResponse>();
        Assert.Equal((ImportJobStatus.Succeeded, 6), (job.Status, job.Report!.Created));
    }

    [Fact]
    public async Task AFileWithAnInvalidLastLine_FailsWithThatLinesErrors_AndWritesNothing()
    {
        var client = api.CreateClient();
        var file = new NewsroomFile();
        file.Line(6).Remove("headline");

        using var response = await client.PostAsync("/v1/import", new StringContent(file.ToString(), Encoding.UTF8, ContentRecords.MediaType));
        await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
        var failed = await client.WaitForImportAsync(response.Headers.Location!.OriginalString);

        Assert.Equal((ImportJobStatus.Failed, 0L), (failed.Status, failed.LinesWritten));
        Assert.Equal(400, failed.Problem!.Status);
        Assert.Equal(["lines[6].headline"], failed.Problem.Errors.Keys);
        await client.ShouldBeNotFoundAsync($"/v1/bylines/{file.Byline}");
        await client.ShouldBeNotFoundAsync($"/v1/articles/{file.Pinning}");
    }

    [Fact]
    public async Task AnUnknownJob_Is404Problem()
    {
        using var response = await api.CreateClient().GetAsync("/v1/imports/987654");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnUnknownSource_Is400Problem()
    {
        using var response = await api.CreateClient().ImportAsync(new NewsroomFile().ToString(), query: "?from=drupal");

        var errors = await response.ShouldBeValidationProblemAsync();
        Assert.Equal(["from"], errors.Keys);
    }

    [Fact]
    public async Task AJobLeftRunningByAStoppedProcess_IsTakenUpAgain_AndEndsWithTheSameContentAsAnUninterruptedOne()
    {
        var file = new NewsroomFile();
        var body = Encoding.UTF8.GetBytes(file.ToString());

        // Uninterrupted, in a database of its own.
        await using var reference = new ContentApiFactory();
        var referenceClient = reference.CreateClient();
        await referenceClient.ImportAndReportAsync(file.ToString());
        var expected = await referenceClient.ExportAsync();

        // Interrupted: the first process wrote the byline, tags and entity, then stopped while writing, its job row still
        // "writing" under its lease and the body stored (in two parts, as a larger body would be).
        using var database = new TestDatabase();
        int jobId;
        await using (var stopped = new ConfiguredApiFactory(database))
        {
            var client = stopped.CreateClient();
            await client.ImportAndReportAsync(string.Concat(file.Lines.Take(4).Select(l => l.ToJsonString() + "\n")));
            await using var scope = stopped.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
            var now = stopped.Clock.GetUtcNow().UtcDateTime;
            var job = new ImportJob
            {
                Format = "ndjson", Status = ImportJobStatus.Writing, QueuedAt = now, StartedAt = now, BodyBytes = body.Length, Attempts = 1,
                LinesChecked = 6, TotalLines = 6, LinesWritten = 4, LeaseHolder = "stopped-process", LeaseUntil = now,
            };
            db.ImportJobs.Add(job);
            await db.SaveChangesAsync();
            var half = body.Length / 2;
            db.ImportJobParts.AddRange(
                new ImportJobPart { JobId = job.Id, Number = 0, Data = body[..half] },
                new ImportJobPart { JobId = job.Id, Number = 1, Data = body[half..] });
            await db.SaveChangesAsync();
            jobId = job.Id;
        }

        // A new process on the same database finds the lease run out and runs the job again, from the start.
        await using var restarted = new ConfiguredApiFactory(database);
        var restartedClient = restarted.CreateClient();
        var done = await restartedClient.WaitForImportAsync($"/v1/imports/{jobId}");

        Assert.Equal((ImportJobStatus.Succeeded, 2), (done.Status, done.Attempts));
        Assert.Equal(new ImportReport(Lines: 6, Created: 2, Updated: 0, Unchanged: 4), done.Report);
        Assert.Equal(expected, await restartedClient.ExportAsync());
        await using var check = restarted.Services.CreateAsyncScope();
        Assert.False(await check.ServiceProvider.GetRequiredService<ContentDb>().ImportJobParts.AnyAsync(p => p.JobId == jobId));
    }

    [Fact]
    public async Task OfTwoReplicas_EachJobIsRunByOne()
    {
        using var database = new TestDatabase();
        await using var first = new ConfiguredApiFactory(database);
        await using var second = new ConfiguredApiFactory(database);
        var (a, b) = (first.CreateClient(), second.CreateClient());
        await b.GetAsync("/health/ready"); // both replicas' runners are up

        var locations = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await (i % 2 == 0 ? a : b).PostAsync("/v1/import", new StringContent(new NewsroomFile().ToString(), Encoding.UTF8, ContentRecords.MediaType));
            await response.ShouldHaveStatusAsync(HttpStatusCode.Accepted);
            locations.Add(response.Headers.Location!.OriginalString);
        }

        foreach (var location in locations)
        {
            var done = await a.WaitForImportAsync(location);
            Assert.Equal((ImportJobStatus.Succeeded, 1, 6), (done.Status, done.Attempts, done.Report!.Created));
        }

        // And directly: of two claims on one queued job, one succeeds. In a transaction never committed: the replicas'
        // runners claim whatever is queued, and one that looked again just after the last job above took this one first.
        await using var scope = first.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        await using var unseen = await db.Database.BeginTransactionAsync();
        var now = first.Clock.GetUtcNow().UtcDateTime;
        var job = new ImportJob { Format = "ndjson", Status = ImportJobStatus.Receiving, QueuedAt = now, LeaseHolder = "receiving", LeaseUntil = now.AddHours(1) };
        db.ImportJobs.Add(job);
        await db.SaveChangesAsync();
        await db.ImportJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ImportJobStatus.Queued).SetProperty(j => j.LeaseHolder, (string?)null));
        var claims = new[]
        {
            await ImportJobRunner.TryClaimAsync(db, job.Id, "replica-a", now, CancellationToken.None),
            await ImportJobRunner.TryClaimAsync(db, job.Id, "replica-b", now, CancellationToken.None),
        };
        Assert.Equal([true, false], claims);
    }
}

public static class ImportJobTestHelpers
{
    /// <summary>Polls an import job until it has ended (at most a minute).</summary>
    public static async Task<ImportJobResponse> WaitForImportAsync(this HttpClient client, string location)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await client.GetAsync(location);
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var job = await response.ReadAsync<ImportJobResponse>();
            if (job.Status is ImportJobStatus.Succeeded or ImportJobStatus.Failed || attempt == 600)
            {
                return job;
            }

            await Task.Delay(100);
        }
    }
}
