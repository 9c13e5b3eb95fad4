using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace ContentApi.Access;

public static class KeyEndpoints
{
    public static RouteGroupBuilder MapKeys(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/keys").WithTags("Keys");

        group.MapGet("/", ListKeys).WithName("ListKeys").WithSummary("List API keys (never the keys themselves)").ForAdmins();
        group.MapPost("/", CreateKey).WithName("CreateKey").WithSummary("Create an API key; the response is the only time it is shown")
            .WithSecretsLeftOutOfReplays("key").ForAdmins();
        group.MapDelete("/{id}", RevokeKey).WithName("RevokeKey").WithSummary("Revoke an API key at once")
            .ProducesProblem(StatusCodes.Status404NotFound).ForAdmins();
        return group;
    }

    private static async Task<Ok<Page<KeyResponse>>> ListKeys([AsParameters] PageQuery page, HttpRequest http, ContentDb db, CancellationToken ct)
    {
        var query = db.ApiKeys.AsNoTracking();
        if (page.After is { } after)
        {
            query = query.Where(k => k.Id < after);
        }

        var keys = await query.OrderByDescending(k => k.Id).Take(page.Limit + 1).ToListAsync(ct);
        return TypedResults.Ok(page.ToPage(keys, k => Id(k.Id), http)
            .Select(k => new KeyResponse(Id(k.Id), k.Name, k.Role, k.EmbargoCleared, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt)));
    }

    private static async Task<Created<CreatedKeyResponse>> CreateKey(KeyRequest request, ContentDb db, TimeProvider clock, CancellationToken ct)
    {
        var (key, secret) = await ApiKeys.CreateAsync(db, request.Name, request.Role, request.EmbargoCleared, clock.UtcNow(), ct);
        return TypedResults.Created($"/v1/keys/{Id(key.Id)}", new CreatedKeyResponse(Id(key.Id), key.Name, key.Role, key.EmbargoCleared, key.Prefix, key.CreatedAt, secret));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(string id, ContentDb db, TimeProvider clock, CancellationToken ct) =>
        Lookup.TryParseId(id, out var keyId) && await ApiKeys.RevokeAsync(db, keyId, clock.UtcNow(), ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Key not found", detail: $"No API key has the id '{id}'.", statusCode: StatusCodes.Status404NotFound);

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
