using ContentApi.Data;
using ContentApi.Tests.Access;
using ContentApi.Tests.Articles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.Entities;

/// <summary>Extraction jobs are stored: one a stopped service left running is run again when the service starts.</summary>
public sealed class ExtractionRestartTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "contentapi-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task AJobLeftRunning_IsRunAgainAtStartUp()
    {
        Directory.CreateDirectory(_folder);
        var connection = ("ConnectionStrings:Content", $"Data Source={Path.Combine(_folder, "content.db")}");
        int jobId;
        string slug;
        await using (var before = new ConfiguredApiFactory(connection))
        {
            var client = before.CreateClient();
            var name = ExtractionTestHelpers.UniqueWord("Ingle");
            slug = (await client.CreateArticleAsync(await client.ArticleAboutAsync($"{name} speaks", "Nothing else."))).Slug;
            var (entity, link) = await client.CreateNamedEntityAsync(ExtractionTestHelpers.UniqueWord("Jorum"), [name]);
            await client.WaitForJobAsync(link);

            // As if the service had stopped in the middle of a job for this entity.
            await using var scope = before.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
            var job = new ExtractionJob { EntityId = int.Parse(entity.Id, System.Globalization.CultureInfo.InvariantCulture), Status = ExtractionJobStatus.Running, QueuedAt = DateTime.UtcNow };
            db.ExtractionJobs.Add(job);
            await db.SaveChangesAsync();
            await db.ArticleEntities.Where(l => l.EntityId == job.EntityId).ExecuteDeleteAsync();
            jobId = job.Id;
        }

        await using var after = new ConfiguredApiFactory(connection);
        var restarted = after.CreateClient();
        var done = await restarted.WaitForJobAsync($"/v1/entities/extraction-jobs/{jobId}");

        Assert.Equal((ExtractionJobStatus.Done, 1, 1), (done.Status, done.ArticlesScanned, done.ArticlesChanged));
        var (article, _) = await restarted.GetArticleAsync(slug);
        Assert.Contains(done.EntityId, article.Entities.Select(e => e.Id));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned by the OS eventually.
        }
    }
}
