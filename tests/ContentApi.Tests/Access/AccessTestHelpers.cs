using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ContentApi.Access;
using ContentApi.Persistence;
using ContentApi.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace ContentApi.Tests.Access;

/// <summary>
/// A factory with extra settings, for behaviour that depends on configuration. The test that makes
/// one owns it and disposes it; settings given here win over the base factory's.
/// </summary>
public class ConfiguredApiFactory : ContentApiFactory
{
    private readonly (string Key, string Value)[] _settings;

    public ConfiguredApiFactory(params (string Key, string Value)[] settings) => _settings = settings;

    /// <summary>A service on a database another owns (replicas of one service, or one service restarted).</summary>
    public ConfiguredApiFactory(TestDatabase shared, params (string Key, string Value)[] settings)
    {
        Database = shared;
        _settings = settings;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>Keys, callers and headers the access tests share.</summary>
internal static class AccessTestHelpers
{
    /// <summary>Looks like a key ("cak_" and 43 characters of random bits) but was never issued.</summary>
    public static string BadKey() => "cak_" + WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static HttpClient CreateClientWithKey(this ContentApiFactory api, string key, bool followRedirects = true)
    {
        var client = api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A client for anonymous (null) or a role's key that does not follow redirects, so a 308 is seen as such.</summary>
    public static HttpClient CreateNonRedirectingClientFor(this ContentApiFactory api, ApiRole? role) =>
        api.CreateClientFor(role, new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Creates a key through the API as an admin would.</summary>
    public static async Task<CreatedKeyResponse> CreateKeyOverHttpAsync(this ContentApiFactory api, ApiRole role, string? name = null)
    {
        using var admin = api.CreateClientFor(ApiRole.Admin);
        return await admin.PostAndReadAsync<CreatedKeyResponse>("/v1/keys", new KeyRequest(name ?? TestData.Unique("key"), role));
    }

    /// <summary>Every key in the admin listing, following <c>next</c> to the last page.</summary>
    public static async Task<List<KeyResponse>> ListAllKeysAsync(this ContentApiFactory api)
    {
        using var admin = api.CreateClientFor(ApiRole.Admin);
        var keys = new List<KeyResponse>();
        for (string? url = "/v1/keys?limit=100"; url is not null;)
        {
            using var response = await admin.GetAsync(url);
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var page = await response.ReadAsync<Page<KeyResponse>>();
            keys.AddRange(page.Items);
            url = page.Next;
        }

        return keys;
    }

    /// <summary>A key made with <see cref="ContentApiFactory.CreateKeyAsync"/>, found in the listing by its unique name and revoked.</summary>
    public static async Task<string> CreateRevokedKeyAsync(this ContentApiFactory api, ApiRole role = ApiRole.Admin)
    {
        var name = TestData.Unique("revoked");
        var secret = await api.CreateKeyAsync(role, name);
        var listed = Assert.Single(await api.ListAllKeysAsync(), k => k.Name == name);
        using var admin = api.CreateClientFor(ApiRole.Admin);
        using var revoke = await admin.DeleteAsync($"/v1/keys/{listed.Id}");
        await revoke.ShouldHaveStatusAsync(HttpStatusCode.NoContent);
        return secret;
    }

    /// <summary>Asserts a 401 problem carrying a Bearer challenge.</summary>
    public static async Task ShouldBeChallengeAsync(this HttpResponseMessage response)
    {
        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.True(challenge.StartsWith("Bearer", StringComparison.Ordinal),
            $"Expected a WWW-Authenticate header starting 'Bearer' but got '{challenge}'.");
    }

    /// <summary>The single value of a response header; fails the test when it is missing.</summary>
    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? Assert.Single(values)
            : throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} response has no {name} header.");

    /// <summary>The ids of every article a caller can list, following <c>next</c> to the last page.</summary>
    public static async Task<HashSet<string>> ListAllArticleIdsAsync(this HttpClient client)
    {
        var ids = new HashSet<string>();
        for (string? url = "/v1/articles?limit=100"; url is not null;)
        {
            using var response = await client.GetAsync(url);
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            ids.UnionWith(page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()!));
            url = page.GetProperty("next").GetString();
        }

        return ids;
    }
}
