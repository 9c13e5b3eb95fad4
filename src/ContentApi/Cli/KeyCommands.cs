using System.CommandLine;
using System.Globalization;
using ContentApi.Access;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Cli;

/// <summary>
/// `keys create --role admin --name "First admin"`, `keys list`, `keys revoke ID`: key administration from the command
/// line, which is how the first admin key of a fresh install is made.
/// </summary>
public static class KeyCommands
{
    public static Command Keys(Func<AppNeeds, Task<IHost>> app, TextWriter output) =>
        new("keys", "Create, list and revoke API keys") { Create(app, output), List(app, output), Revoke(app, output) };

    private static Command Create(Func<AppNeeds, Task<IHost>> app, TextWriter output)
    {
        var role = new Option<ApiRole>("--role") { Description = "What the key may do", Required = true };
        var name = new Option<string>("--name") { Description = "Who or what the key is for", Required = true };
        var embargoCleared = new Option<bool>("--embargo-cleared") { Description = "A partner key that may read embargoed articles (partners only)" };
        var command = new Command("create", "Create a key and print its secret, which is shown this once") { role, name, embargoCleared };
        command.Validators.Add(result =>
        {
            if (result.GetValue(embargoCleared) && result.GetValue(role) != ApiRole.Partner)
            {
                result.AddError("--embargo-cleared is for partner keys only.");
            }

            if (result.GetValue(name) is { } given && string.IsNullOrWhiteSpace(given))
            {
                result.AddError("--name must not be blank.");
            }
        });
        command.SetAction(async (parsed, ct) =>
        {
            var (services, db, now) = await OpenAsync(app);
            await using (services)
            {
                var keyRole = parsed.GetValue(role);
                var keyName = parsed.GetValue(name)!;
                var (key, secret) = await ApiKeys.CreateAsync(db, keyName, keyRole, parsed.GetValue(embargoCleared), now, ct);
                await output.WriteLineAsync($"Created {keyRole.ToString().ToLowerInvariant()} key {key.Id} for '{keyName}'. It is shown this once:");
                await output.WriteLineAsync(secret);
                return ContentCommandLine.Done;
            }
        });
        return command;
    }

    private static Command List(Func<AppNeeds, Task<IHost>> app, TextWriter output)
    {
        var command = new Command("list", "List every key: id, role, prefix, name, when created and last used or revoked");
        command.SetAction(async (parsed, ct) =>
        {
            var (services, db, _) = await OpenAsync(app);
            await using (services)
            {
                foreach (var k in await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(ct))
                {
                    var state = k.RevokedAt is { } revoked ? $"revoked {revoked:u}" : $"last used {k.LastUsedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "never"}";
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{k.Id,5}  {k.Role.ToString().ToLowerInvariant(),-8} {k.Prefix}…  {k.Name}  (created {k.CreatedAt:u}, {state})"));
                }

                return ContentCommandLine.Done;
            }
        });
        return command;
    }

    private static Command Revoke(Func<AppNeeds, Task<IHost>> app, TextWriter output)
    {
        var id = new Argument<int>("id")
        {
            Description = "The key's id, as keys list shows it",
            CustomParser = result =>
            {
                var token = result.Tokens[0].Value;
                if (Lookup.TryParseId(token, out var parsed))
                {
                    return parsed;
                }

                result.AddError($"'{token}' is not a key id: ids are positive whole numbers.");
                return 0;
            },
        };
        var command = new Command("revoke", "Revoke a key; it stops working at once") { id };
        command.SetAction(async (parsed, ct) =>
        {
            var (services, db, now) = await OpenAsync(app);
            await using (services)
            {
                var keyId = parsed.GetValue(id);
                if (await ApiKeys.RevokeAsync(db, keyId, now, ct))
                {
                    await output.WriteLineAsync($"Revoked key {keyId}.");
                    return ContentCommandLine.Done;
                }

                await output.WriteLineAsync($"No key has the id {keyId}.");
                return ContentCommandLine.Failed;
            }
        });
        return command;
    }

    private static async Task<(AsyncServiceScope Scope, ContentDb Db, DateTime Now)> OpenAsync(Func<AppNeeds, Task<IHost>> app)
    {
        var scope = (await app(AppNeeds.MigratedDatabase)).Services.CreateAsyncScope();
        return (scope, scope.ServiceProvider.GetRequiredService<ContentDb>(), scope.ServiceProvider.GetRequiredService<TimeProvider>().UtcNow());
    }
}
