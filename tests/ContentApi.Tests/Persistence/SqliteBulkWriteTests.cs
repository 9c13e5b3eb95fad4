using ContentApi.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.Persistence;

/// <summary>
/// An import's batches on SQLite (see SqliteBulkWrite): the import's connection leaves checkpoints to a loop of its own and
/// syncs only at them while it writes, then gets its settings back. FTS5 holds more of the terms it indexes in memory.
/// </summary>
public sealed class SqliteBulkWriteTests
{
    [SqliteFact]
    public async Task ABulkWrite_SyncsOnlyAtCheckpoints_AndCheckpointsElsewhere_ThenGivesTheConnectionItsSettingsBack()
    {
        await using var api = new ContentApiFactory();
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        await db.Database.OpenConnectionAsync();

        await using (await SqlDialect.Of(db).BeginBulkWriteAsync(db, CancellationToken.None))
        {
            Assert.Equal(1L, await PragmaAsync(db, "synchronous")); // NORMAL
            Assert.Equal(0L, await PragmaAsync(db, "wal_autocheckpoint"));
        }

        Assert.Equal(2L, await PragmaAsync(db, "synchronous")); // FULL, the default
        Assert.Equal(1000L, await PragmaAsync(db, "wal_autocheckpoint"));
    }

    [SqliteFact]
    public async Task TheSearchIndex_WritesASegmentPer16MbOfTerms()
    {
        await using var api = new ContentApiFactory();
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();

        var hashSize = await db.Database.SqlQueryRaw<long>("SELECT v AS Value FROM ArticleSearch_config WHERE k = 'hashsize'").SingleAsync();

        Assert.Equal(16L * 1024 * 1024, hashSize);
    }

    private static async Task<long> PragmaAsync(ContentDb db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
