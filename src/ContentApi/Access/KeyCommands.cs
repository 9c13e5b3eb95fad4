using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Access;

/// <summary>
/// `keys create --role admin --name "First admin"`, `keys list`, `keys revoke ID`: key administration
/// from the command line, which is how the first admin key of a fresh install is made.
/// </summary>
public static partial class KeyCommands
{
    public const string Usage = """
        Usage:
          keys create --role reader|partner|editor|admin --name NAME [--embargo-cleared (partners)]
          keys list
          keys revoke ID
        """;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().UtcNow();

        switch (args)
        {
            case ["create", .. var options] when Option(options, "--name") is { Length: > 0 } name
                && Enum.TryParse<ApiRole>(Option(options, "--role"), ignoreCase: true, out var role)
                && Enum.IsDefined(role) && (role == ApiRole.Partner || !options.Contains("--embargo-cleared")):
                var (key, secret) = await ApiKeys.CreateAsync(db, name, role, options.Contains("--embargo-cleared"), now, CancellationToken.None);
                await output.WriteLineAsync($"Created {role.ToString().ToLowerInvariant()} key {key.Id} for '{name}'. It is shown this once:");
                await output.WriteLineAsync(secret);
                return 0;
            case ["list"]:
                foreach (var k in await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync())
                {
                    var state = k.RevokedAt is { } revoked ? $"revoked {revoked:u}" : $"last used {k.LastUsedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "never"}";
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{k.Id,5}  {k.Role.ToString().ToLowerInvariant(),-8} {k.Prefix}…  {k.Name}  (created {k.CreatedAt:u}, {state})"));
                }

                return 0;
            case ["revoke", var id] when Lookup.TryParseId(id, out var keyId):
                if (await ApiKeys.RevokeAsync(db, keyId, now, CancellationToken.None))
                {
                    await output.WriteLineAsync($"Revoked key {keyId}.");
                    return 0;
                }

                await output.WriteLineAsync($"No key has the id {keyId}.");
                return 1;
            default:
                await output.WriteLineAsync(Usage);
                return 2;
        }
    }

    /// <summary>At start-up, says how to make the first admin key when there is none.</summary>
    public static async Task HintFirstAdminKeyAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContentDb>();
        if (!await db.ApiKeys.AnyAsync(k => k.Role == ApiRole.Admin && k.RevokedAt == null))
        {
            LogNoAdminKey(app.Logger);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No admin API key exists. Make one with: dotnet run --project src/ContentApi -- keys create --role admin --name \"First admin\"")]
    private static partial void LogNoAdminKey(ILogger logger);

    private static string? Option(string[] options, string name)
    {
        var index = Array.IndexOf(options, name);
        return index >= 0 && index + 1 < options.Length ? options[index + 1] : null;
    }
}
