using System.Data.Common;
using System.Net;
using System.Text;
using System.Text.Json;
using ContentApi.Persistence;

namespace ContentApi.Tests.Http;

/// <summary>
/// Answers that show a secret once (a new API key, a webhook's signing secret, a rotated one) are kept for Idempotency-Key
/// replays without it: the kept answer, which stays in the database (and its backups) for a day, never holds the secret,
/// and a retry gets the answer less the secret, marked Idempotent-Replayed.
/// </summary>
public sealed class SecretReplayTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task ANewApiKey_IsNotKeptForReplays()
    {
        using var admin = api.CreateClientFor(ApiRole.Admin);
        var body = """{ "name": "Acme Daily", "role": "partner" }""";

        var (first, replay, kept) = await SendTwiceAsync(admin, "/v1/keys", body);

        var key = first.GetProperty("key").GetString()!;
        Assert.StartsWith("cak_", key, StringComparison.Ordinal);
        Assert.DoesNotContain(key, kept, StringComparison.Ordinal);
        Assert.DoesNotContain(key[..20], kept, StringComparison.Ordinal);
        Assert.Equal(first.GetProperty("id").GetString(), replay.GetProperty("id").GetString());
        Assert.False(replay.TryGetProperty("key", out _));
    }

    [Fact]
    public async Task AWebhooksSecret_AtRegistrationAndRotation_IsNotKeptForReplays()
    {
        using var admin = api.CreateClientFor(ApiRole.Admin);
        var (created, createReplay, keptCreate) = await SendTwiceAsync(admin, "/v1/webhooks", """{ "url": "https://hooks.example.com/contentapi" }""");
        var id = created.GetProperty("id").GetString();

        var (rotated, rotateReplay, keptRotate) = await SendTwiceAsync(admin, $"/v1/webhooks/{id}/rotate-secret", "");

        foreach (var (answer, replay, kept) in new[] { (created, createReplay, keptCreate), (rotated, rotateReplay, keptRotate) })
        {
            var secret = answer.GetProperty("secret").GetString()!;
            Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
            Assert.DoesNotContain(secret["whsec_".Length..], kept, StringComparison.Ordinal);
            Assert.Equal(id, replay.GetProperty("id").GetString());
            Assert.False(replay.TryGetProperty("secret", out _));
        }
    }

    /// <summary>Sends a POST twice with one Idempotency-Key; returns the first answer, the replay, and what the database kept.</summary>
    private async Task<(JsonElement First, JsonElement Replay, string Kept)> SendTwiceAsync(HttpClient client, string url, string json)
    {
        var idempotencyKey = Guid.NewGuid().ToString();
        var answers = new List<JsonElement>();
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = json.Length == 0 ? null : new StringContent(json, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(ContentApi.Http.Idempotency.Header, idempotencyKey);
            using var response = await client.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal(i == 1, response.Headers.Contains(ContentApi.Http.Idempotency.ReplayedHeader));
            answers.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }

        await using var connection = api.Database.Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT "Body" FROM "IdempotencyRecords" WHERE "Key" = @key""";
        var parameter = command.CreateParameter();
        (parameter.ParameterName, parameter.Value) = ("key", idempotencyKey);
        command.Parameters.Add(parameter);
        var kept = Encoding.UTF8.GetString((byte[])(await command.ExecuteScalarAsync())!);
        Assert.Contains(answers[0].GetProperty("id").GetString()!, kept, StringComparison.Ordinal);
        return (answers[0], answers[1], kept);
    }
}
