using ContentApi.Access;
using Microsoft.Extensions.Options;

namespace ContentApi.Backups;

/// <summary>Online backups for admins: POST takes one while the service serves, GET lists those in Backup:Folder.</summary>
public static class BackupEndpoints
{
    public const string Kind = "Backup";

    public static RouteGroupBuilder MapBackups(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/backups").WithTags("Backups");
        group.MapPost("/", CreateBackup).WithName("CreateBackup")
            .WithSummary("Take a consistent backup of the database now, while the service keeps serving")
            .WithDescription("The copy is written to Backup:Folder on the server and checked with SQLite's integrity check. Restore it with the `restore` command on a stopped service. "
                + "On PostgreSQL the answer is 409: the server's own tools (pg_dump, base backups) back it up.")
            .ProducesProblem(StatusCodes.Status409Conflict).ForAdmins();
        group.MapGet("/", ListBackups).WithName("ListBackups").WithSummary("List the backups in Backup:Folder, newest first").ForAdmins();
        return group;
    }

    private static async Task<Results<Created<BackupFile>, ProblemHttpResult>> CreateBackup(ContentDb db, IOptions<BackupOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (db.IsPostgres())
        {
            return BackupsArePostgresJob();
        }

        var now = clock.UtcNow();
        var backup = await Backups.CreateAsync(db, Backups.FreePath(options.Value.Folder, now), now, ct);
        return TypedResults.Created($"/v1/backups/{backup.Name}", backup);
    }

    public static ProblemHttpResult BackupsArePostgresJob() =>
        TypedResults.Problem(title: "Backups are PostgreSQL's own job here", detail: Backups.OnPostgres, statusCode: StatusCodes.Status409Conflict);

    private static Ok<BackupList> ListBackups(IOptions<BackupOptions> options)
    {
        var folder = new DirectoryInfo(options.Value.Folder);
        var files = folder.Exists ? folder.GetFiles("content-*.db") : [];
        return TypedResults.Ok(new BackupList([.. files.OrderByDescending(f => f.Name, StringComparer.Ordinal)
            .Select(f => new BackupSummary(f.Name, f.Length, f.LastWriteTimeUtc))]));
    }
}

public sealed record BackupList([property: System.ComponentModel.Description("Backups, newest first")] IReadOnlyList<BackupSummary> Items);

public sealed record BackupSummary(
    [property: System.ComponentModel.Description("File name in Backup:Folder")] string Name,
    [property: System.ComponentModel.Description("Size in bytes")] long Bytes,
    [property: System.ComponentModel.Description("When the file was written")] DateTime CreatedAt);
