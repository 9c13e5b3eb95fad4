using Microsoft.EntityFrameworkCore;

namespace ContentApi.Access;

/// <summary>At start-up, says how to make the first admin key when there is none (see the `keys` command).</summary>
public static partial class AdminKeyHint
{
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
}
