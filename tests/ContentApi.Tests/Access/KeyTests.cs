using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ContentApi.Access;
using ContentApi.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace ContentApi.Tests.Access;

/// <summary>Making, listing, using and revoking API keys, over HTTP and from the command line; keys are shown once and never kept.</summary>
public sealed class KeyTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task Create_Returns201_WithAKeyStartingCak_AndItsPrefix()
    {
        using var admin = api.CreateClientFor(ApiRole.Admin);

        using var response = await admin.SendJsonAsync(HttpMethod.Post, "/v1/keys", new KeyRequest("Acme Daily", ApiRole.Partner));

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var created = await response.ReadAsync<CreatedKeyResponse>();
        Assert.StartsWith("cak_", created.Key, StringComparison.Ordinal);
        Assert.StartsWith(created.Prefix, created.Key, StringComparison.Ordinal);
        Assert.InRange(created.Prefix.Length, "cak_".Length + 1, created.Key.Length - 16);
        Assert.Equal("Acme Daily", created.Name);
        Assert.Equal(ApiRole.Partner, created.Role);
        Assert.Equal($"/v1/keys/{created.Id}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task List_ShowsNameRolePrefixAndCreatedAt_ButNeverTheKey()
    {
        var created = await api.CreateKeyOverHttpAsync(ApiRole.Reader, TestData.Unique("Listed key"));
        using var admin = api.CreateClientFor(ApiRole.Admin);

        var listed = Assert.Single(await api.ListAllKeysAsync(), k => k.Id == created.Id);

        Assert.Equal(created.Name, listed.Name);
        Assert.Equal(ApiRole.Reader, listed.Role);
        Assert.Equal(created.Prefix, listed.Prefix);
        Assert.Equal(created.CreatedAt, listed.CreatedAt);
        Assert.Null(listed.RevokedAt);
        for (string? url = "/v1/keys?limit=100"; url is not null;)
        {
            using var response = await admin.GetAsync(url);
            var json = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(created.Key, json, StringComparison.Ordinal);
            Assert.DoesNotContain(Sha256Hex(created.Key), json, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("\"key\"", json, StringComparison.OrdinalIgnoreCase);
            url = (await response.ReadAsync<ContentApi.Http.Page<KeyResponse>>()).Next;
        }
    }

    [Fact]
    public async Task NewKey_Works_AndItsLastUseIsRecorded()
    {
        var created = await api.CreateKeyOverHttpAsync(ApiRole.Reader);
        Assert.Null(Assert.Single(await api.ListAllKeysAsync(), k => k.Id == created.Id).LastUsedAt);
        using var client = api.CreateClientWithKey(created.Key);

        using var response = await client.GetAsync("/v1/articles");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var listed = Assert.Single(await api.ListAllKeysAsync(), k => k.Id == created.Id);
        Assert.Equal(api.Clock.GetUtcNow().UtcDateTime, listed.LastUsedAt);
    }

    [Fact]
    public async Task Revoke_Returns204_AndTheKeyIsRefusedAtOnce()
    {
        var created = await api.CreateKeyOverHttpAsync(ApiRole.Editor);
        using var client = api.CreateClientWithKey(created.Key);
        using (var before = await client.GetAsync("/v1/articles"))
        {
            await before.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var admin = api.CreateClientFor(ApiRole.Admin);
        using var revoke = await admin.DeleteAsync($"/v1/keys/{created.Id}");

        await revoke.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        using var after = await client.GetAsync("/v1/articles");
        await after.ShouldBeChallengeAsync();
        Assert.Contains("invalid_token", after.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        using var viaHeader = api.CreateClientFor(null);
        viaHeader.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.ApiKeyHeader, created.Key);
        using var afterViaHeader = await viaHeader.GetAsync("/v1/articles");
        await afterViaHeader.ShouldBeChallengeAsync();
        Assert.Equal(api.Clock.GetUtcNow().UtcDateTime, Assert.Single(await api.ListAllKeysAsync(), k => k.Id == created.Id).RevokedAt);
    }

    [Fact]
    public async Task RevokingTwice_KeepsTheFirstRevocationTime()
    {
        var created = await api.CreateKeyOverHttpAsync(ApiRole.Partner);
        using var admin = api.CreateClientFor(ApiRole.Admin);
        using (var first = await admin.DeleteAsync($"/v1/keys/{created.Id}"))
        {
            await first.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        }

        var revokedAt = Assert.Single(await api.ListAllKeysAsync(), k => k.Id == created.Id).RevokedAt;
        api.Clock.Advance(TimeSpan.FromMinutes(5));

        using var second = await admin.DeleteAsync($"/v1/keys/{created.Id}");

        await second.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        Assert.Equal(revokedAt, Assert.Single(await api.ListAllKeysAsync(), k => k.Id == created.Id).RevokedAt);
    }

    [Theory]
    [InlineData("999999999")]
    [InlineData("not-an-id")]
    public async Task Revoke_Returns404Problem_ForAnUnknownId(string id)
    {
        using var admin = api.CreateClientFor(ApiRole.Admin);

        using var response = await admin.DeleteAsync($"/v1/keys/{id}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains(id, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name": "", "role": "partner"}""", "name")]
    [InlineData("""{"name": "Acme Daily", "role": "superuser"}""", "role")]
    public async Task Create_Returns400WithFieldErrors_ForAnInvalidBody(string body, string field)
    {
        using var admin = api.CreateClientFor(ApiRole.Admin);

        using var response = await admin.SendJsonAsync(HttpMethod.Post, "/v1/keys", body);

        var errors = await response.ShouldBeValidationProblemAsync();
        Assert.True(errors.ContainsKey(field), $"Expected an error for '{field}' but got errors for: {string.Join(", ", errors.Keys)}.");
    }

    [Fact]
    public async Task Keys_AreNeverStoredInClear()
    {
        var created = await api.CreateKeyOverHttpAsync(ApiRole.Admin);
        var fromFactory = await api.CreateKeyAsync(ApiRole.Partner, TestData.Unique("stored"));

        var stored = DatabaseBytes();

        // The prefix is stored in clear, so finding it shows these are the bytes the key went into.
        Assert.True(Contains(stored, created.Prefix), "The key's prefix is not in the database files: wrong files read?");
        Assert.False(Contains(stored, created.Key), "A key made over HTTP is stored in clear in the database.");
        Assert.False(Contains(stored, fromFactory), "A key made with ApiKeys.CreateAsync is stored in clear in the database.");
    }

    [Fact]
    public async Task EachRequest_IsOneStructuredLogLine_NamingTheKeyButNeverShowingIt()
    {
        var logs = new CapturingLoggerProvider();
        await using var logged = new LoggedFactory(logs);
        var created = await logged.CreateKeyOverHttpAsync(ApiRole.Reader, "Acme Daily app");
        using var client = logged.CreateClientWithKey(created.Key);

        using var response = await client.GetAsync("/v1/tags?limit=3");

        var traceId = response.Header(ContentApi.Http.RequestLog.TraceHeader);
        var line = Assert.Single(logs.Messages, m => m.StartsWith("Information ContentApi.Requests:", StringComparison.Ordinal) && m.Contains(traceId, StringComparison.Ordinal));
        Assert.Contains("Method=GET; Route=/v1/tags/; Status=200; ElapsedMs=", line, StringComparison.Ordinal);
        Assert.Contains("Caller=Acme Daily app; TraceId=" + traceId, line, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Key, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_AreNeverLogged()
    {
        var logs = new CapturingLoggerProvider();
        await using var logged = new LoggedFactory(logs);
        var created = await logged.CreateKeyOverHttpAsync(ApiRole.Reader);
        var badKey = AccessTestHelpers.BadKey();

        using (var valid = logged.CreateClientWithKey(created.Key))
        using (var response = await valid.GetAsync("/v1/articles"))
        {
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using (var bad = logged.CreateClientWithKey(badKey))
        using (var response = await bad.GetAsync("/v1/articles"))
        {
            await response.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
        }

        using (var bad = logged.CreateClientFor(null))
        {
            bad.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.ApiKeyHeader, badKey);
            using var response = await bad.GetAsync("/v1/keys");
            await response.ShouldHaveStatusAsync(HttpStatusCode.Unauthorized);
        }

        var messages = logs.Messages;
        // Requests and the framework's own debug messages are captured, so the absences below mean something.
        Assert.Contains(messages, m => m.Contains("/v1/articles", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Debug ", StringComparison.Ordinal) || m.StartsWith("Trace ", StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains(created.Key, StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains(badKey, StringComparison.Ordinal));
        Assert.DoesNotContain(messages, m => m.Contains(logged.KeyFor(ApiRole.Admin), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ApiRole.Editor, "/v1/articles/{draft}")]
    [InlineData(ApiRole.Admin, "/v1/keys")]
    public async Task XApiKeyHeader_AuthenticatesJustAsBearerDoes(ApiRole role, string path)
    {
        using var editor = api.CreateClient();
        var draft = await editor.CreateArticleAsync(await editor.NewArticleRequestAsync() with { Status = ArticleStatus.Draft });
        var url = path.Replace("{draft}", draft.Id, StringComparison.Ordinal);
        using var withHeader = api.CreateClientFor(null);
        withHeader.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.ApiKeyHeader, api.KeyFor(role));
        using var anonymous = api.CreateClientFor(null);

        using var response = await withHeader.GetAsync(url);
        using var withoutKey = await anonymous.GetAsync(url);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.True(withoutKey.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized,
            $"Without a key {url} answered {(int)withoutKey.StatusCode}, so the test shows nothing about the header.");
    }

    [Fact]
    public async Task Cli_Create_PrintsAKeyThatWorksOverHttp_WithTheRoleAskedFor()
    {
        using var output = new StringWriter();

        var exitCode = await KeyCommands.RunAsync(api.Services, ["create", "--role", "partner", "--name", "Acme"], output);

        Assert.Equal(0, exitCode);
        var key = Assert.Single(Lines(output), l => l.StartsWith("cak_", StringComparison.Ordinal));
        using var client = api.CreateClientWithKey(key);
        using var read = await client.GetAsync("/v1/articles");
        await read.ShouldHaveStatusAsync(HttpStatusCode.OK);
        using var write = await client.SendJsonAsync(HttpMethod.Post, "/v1/tags", "{}");
        await write.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Cli_List_PrintsThePrefixButNeverTheKey()
    {
        var created = await api.CreateKeyOverHttpAsync(ApiRole.Partner, TestData.Unique("Listed by cli"));
        using var output = new StringWriter();

        var exitCode = await KeyCommands.RunAsync(api.Services, ["list"], output);

        Assert.Equal(0, exitCode);
        var line = Assert.Single(Lines(output), l => l.Contains(created.Name, StringComparison.Ordinal));
        Assert.Contains(created.Prefix, line, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Key, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_Revoke_RefusesTheKeyAtOnce()
    {
        var created = await api.CreateKeyOverHttpAsync(ApiRole.Reader);
        using var output = new StringWriter();

        var exitCode = await KeyCommands.RunAsync(api.Services, ["revoke", created.Id], output);

        Assert.Equal(0, exitCode);
        using var client = api.CreateClientWithKey(created.Key);
        using var response = await client.GetAsync("/v1/articles");
        await response.ShouldBeChallengeAsync();
    }

    public static TheoryData<string[]> BadArguments =>
    [
        [],
        ["frobnicate"],
        ["create", "--role", "superuser", "--name", "Acme"],
        ["create", "--role", "partner"],
        ["create", "--role", "partner", "--name", ""],
        ["create", "--name", "Acme"],
        ["revoke"],
        ["revoke", "not-an-id"],
        ["list", "--all"],
    ];

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Cli_Returns2AndPrintsUsage_ForBadArguments(string[] args)
    {
        using var output = new StringWriter();

        var exitCode = await KeyCommands.RunAsync(api.Services, args, output);

        Assert.Equal(2, exitCode);
        Assert.Contains("Usage:", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("cak_", output.ToString(), StringComparison.Ordinal);
    }

    private static string[] Lines(StringWriter output) =>
        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>
    /// The raw bytes of the SQLite database and its write-ahead log and journal, read while the service has them open; on
    /// PostgreSQL, whose files are the server's, every value of every table as text.
    /// </summary>
    private byte[] DatabaseBytes()
    {
        if (TestDatabase.OnPostgres)
        {
            using var stored = new Fuzzing.StoredContent(api.Database);
            return Encoding.UTF8.GetBytes(stored.AllValues());
        }

        using var all = new MemoryStream();
        foreach (var path in new[] { api.Database.SqlitePath, api.Database.SqlitePath + "-wal", api.Database.SqlitePath + "-journal" }.Where(File.Exists))
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            file.CopyTo(all);
        }

        return all.ToArray();
    }

    private static bool Contains(byte[] haystack, string text) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0
        || haystack.AsSpan().IndexOf(Encoding.Unicode.GetBytes(text)) >= 0;

    /// <summary>A factory that sends every log message, at every level, to <paramref name="logs"/> as well.</summary>
    private sealed class LoggedFactory(CapturingLoggerProvider logs) : ContentApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging
                .SetMinimumLevel(LogLevel.Trace)
                .AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace)
                .AddProvider(logs));
        }
    }

    /// <summary>Keeps the text of every message, its structured values, scopes and exceptions.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public IReadOnlyCollection<string> Messages => [.. _messages];

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _messages);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(string category, ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                messages.Enqueue($"{category} scope: {Describe(state)}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue($"{logLevel} {category}: {formatter(state, exception)} | {Describe(state)} | {exception}");

            private static string Describe(object? state) => state is IEnumerable<KeyValuePair<string, object?>> values
                ? string.Join("; ", values.Select(v => $"{v.Key}={v.Value}"))
                : state?.ToString() ?? "";
        }
    }
}
