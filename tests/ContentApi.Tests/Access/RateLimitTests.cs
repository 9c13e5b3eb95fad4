using System.Globalization;
using System.Net;
using ContentApi.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ContentApi.Tests.Access;

/// <summary>
/// Limits per key for key holders and per client address for anonymous callers, with the RateLimit
/// headers on every /v1 response. Each test makes its own factory, so every budget starts full.
/// </summary>
public sealed class RateLimitTests
{
    private const int PartnerLimit = 5;
    private const int AnonymousLimit = 3;
    private const int WindowSeconds = 60;

    [Fact]
    public async Task PartnerBurst_AllowsExactlyThePermitLimit_ThenAnswers429ProblemWithRetryAfter()
    {
        await using var api = new RateLimitedFactory();
        using var partner = api.CreateClientFor(ApiRole.Partner);

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            responses.Add(await partner.GetAsync("/v1/articles"));
        }

        try
        {
            Assert.Equal(
                [.. Enumerable.Repeat(HttpStatusCode.OK, PartnerLimit), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)],
                responses.Select(r => r.StatusCode));
            Assert.All(responses, r => Assert.Equal("5", r.Header("RateLimit-Limit")));
            Assert.Equal(["4", "3", "2", "1", "0", "0", "0", "0"], responses.Select(r => r.Header("RateLimit-Remaining")));
            foreach (var limited in responses.Skip(PartnerLimit))
            {
                await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
                var retryAfter = limited.Header("Retry-After");
                Assert.True(int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                    && seconds is > 0 and <= WindowSeconds, $"Retry-After '{retryAfter}' is not a whole number of seconds within the window.");
            }
        }
        finally
        {
            responses.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task AnotherKeyOfTheSameRole_HasItsOwnBudget()
    {
        await using var api = new RateLimitedFactory();
        using var first = api.CreateClientFor(ApiRole.Partner);
        await ExhaustAsync(first, PartnerLimit);
        using var second = api.CreateClientWithKey(await api.CreateKeyAsync(ApiRole.Partner, "Second partner"));

        using var response = await second.GetAsync("/v1/articles");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal("4", response.Header("RateLimit-Remaining"));
    }

    [Fact]
    public async Task AnonymousCallers_AreLimitedPerClientAddress()
    {
        await using var api = new RateLimitedFactory();
        using var anonymous = api.CreateClientFor(null);
        anonymous.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, "203.0.113.7");
        using var neighbour = api.CreateClientFor(null);
        neighbour.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, "198.51.100.23");

        await ExhaustAsync(anonymous, AnonymousLimit);
        using var fourth = await anonymous.GetAsync("/v1/articles");
        using var fromElsewhere = await neighbour.GetAsync("/v1/articles");

        await fourth.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal("3", fourth.Header("RateLimit-Limit"));
        await fromElsewhere.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal("2", fromElsewhere.Header("RateLimit-Remaining"));
    }

    [Fact]
    public async Task KeyHolders_DoNotSpendTheAnonymousBudgetOfTheirAddress()
    {
        await using var api = new RateLimitedFactory();
        using var anonymous = api.CreateClientFor(null);
        await ExhaustAsync(anonymous, AnonymousLimit);
        using var reader = api.CreateClientFor(ApiRole.Reader);

        using var response = await reader.GetAsync("/v1/articles");

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Health_IsNeverRateLimited()
    {
        await using var api = new RateLimitedFactory();
        using var anonymous = api.CreateClientFor(null);
        await ExhaustAsync(anonymous, AnonymousLimit);

        for (var i = 0; i < 10; i++)
        {
            using var response = await anonymous.GetAsync("/health/live");
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
            Assert.False(response.Headers.Contains("RateLimit-Remaining"), "/health carries rate-limit headers.");
        }
    }

    /// <summary>Spends a budget: the allowed requests succeed, the next is refused.</summary>
    private static async Task ExhaustAsync(HttpClient client, int limit)
    {
        for (var i = 0; i < limit; i++)
        {
            using var allowed = await client.GetAsync("/v1/articles");
            await allowed.ShouldHaveStatusAsync(HttpStatusCode.OK);
        }

        using var refused = await client.GetAsync("/v1/articles");
        await refused.ShouldHaveStatusAsync(HttpStatusCode.TooManyRequests);
    }

    private sealed class RateLimitedFactory() : ConfiguredApiFactory(
        ("RateLimits:Partner:PermitLimit", PartnerLimit.ToString(CultureInfo.InvariantCulture)),
        ("RateLimits:Partner:WindowSeconds", WindowSeconds.ToString(CultureInfo.InvariantCulture)),
        ("RateLimits:Anonymous:PermitLimit", AnonymousLimit.ToString(CultureInfo.InvariantCulture)),
        ("RateLimits:Anonymous:WindowSeconds", WindowSeconds.ToString(CultureInfo.InvariantCulture)))
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>());
        }
    }

    /// <summary>The test server has no real client address; this lets a test say which address a request comes from.</summary>
    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public const string Header = "X-Test-Client-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
