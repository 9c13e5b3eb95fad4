using ContentApi.Persistence;
using ContentApi.Tests.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.Persistence;

/// <summary>
/// Every connection the service uses has its SQLite settings, also when the pool hands it out again; a new database has the
/// page size and journal the service sets up.
/// </summary>
public sealed class SqliteTuningTests
{
    [SqliteFact]
    public async Task Connections_HaveTheConfiguredSettings_EachTimeTheyAreOpened()
    {
        await using var api = new ConfiguredApiFactory(("Sqlite:MmapSizeBytes", "1048576"), ("Sqlite:Synchronous", "Normal"));
        for (var use = 0; use < 3; use++)
        {
            await using var scope = api.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
            await db.Database.OpenConnectionAsync();

            Assert.Equal(1L, await PragmaAsync(db, "synchronous")); // NORMAL
            Assert.Equal(1048576L, await PragmaAsync(db, "mmap_size"));
            await db.Database.CloseConnectionAsync();
        }
    }

    [SqliteFact]
    public async Task Connections_SyncEveryCommit_WithoutMemoryMapping_ByDefault()
    {
        await using var api = new ContentApiFactory();
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        await db.Database.OpenConnectionAsync();

        Assert.Equal(2L, await PragmaAsync(db, "synchronous")); // FULL
        Assert.Equal(0L, await PragmaAsync(db, "mmap_size"));
    }

    [SqliteFact]
    public async Task ANewDatabase_Has16KbPages_AndTheWriteAheadLog()
    {
        await using var api = new ContentApiFactory();
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        await db.Database.OpenConnectionAsync();

        Assert.Equal(16384L, await PragmaAsync(db, "page_size"));
        Assert.Equal("wal", await PragmaAsync<string>(db, "journal_mode"));
    }

    private static Task<long> PragmaAsync(ContentDb db, string name) => PragmaAsync<long>(db, name);

    private static async Task<T> PragmaAsync<T>(ContentDb db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
