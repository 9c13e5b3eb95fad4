using System.Net;
using System.Net.Http.Headers;
using ContentApi.Tests.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.Swagger;

namespace ContentApi.Tests.OpenApi;

/// <summary>
/// /openapi/v1.json is about 1 MB that anyone may fetch: it is made once (it took a quarter of a second of CPU on every
/// request), carries an ETag that If-None-Match turns into a 304, and counts against the caller's rate limit.
/// </summary>
public sealed class OpenApiDocumentServingTests
{
    [Fact]
    public async Task TheDocument_IsMadeOnce_AndServedWithAnETag_ThatGives304()
    {
        await using var api = new CountingFactory();
        using var anonymous = api.CreateClientFor(null);

        using var first = await anonymous.GetAsync("/openapi/v1.json");
        await first.ShouldHaveStatusAsync(HttpStatusCode.OK);
        using var second = await anonymous.GetAsync("/openapi/v1.json");
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await anonymous.SendAsync(conditional);

        Assert.Equal("application/json", first.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(first.Headers.ETag);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, api.Documents.Made);
    }

    [Fact]
    public async Task TheDocument_CountsAgainstTheRateLimit()
    {
        await using var api = new ConfiguredApiFactory(("RateLimits:Anonymous:PermitLimit", "2"));
        using var anonymous = api.CreateClientFor(null);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await anonymous.GetAsync("/openapi/v1.json");
            statuses.Add(response.StatusCode);
            Assert.Equal("2", response.Headers.GetValues("RateLimit-Limit").Single());
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task AQueryString_DoesNotMakeAnotherDocument()
    {
        await using var api = new ContentApiFactory();
        using var anonymous = api.CreateClientFor(null);

        using var response = await anonymous.GetAsync("/openapi/v1.json?v=2");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    /// <summary>Counts how often the service asks Swashbuckle to make the document.</summary>
    private sealed class CountingFactory : ContentApiFactory
    {
        public CountingProvider Documents { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                var original = services.Last(d => d.ServiceType == typeof(ISwaggerProvider));
                services.Remove(original);
                services.AddSingleton<ISwaggerProvider>(provider =>
                {
                    Documents.Inner = (ISwaggerProvider)(original.ImplementationFactory?.Invoke(provider)
                        ?? ActivatorUtilities.CreateInstance(provider, original.ImplementationType!));
                    return Documents;
                });
            });
        }
    }

    private sealed class CountingProvider : ISwaggerProvider
    {
        private int _made;

        public ISwaggerProvider? Inner { get; set; }

        public int Made => _made;

        public OpenApiDocument GetSwagger(string documentName, string? host = null, string? basePath = null)
        {
            Interlocked.Increment(ref _made);
            return Inner!.GetSwagger(documentName, host, basePath);
        }
    }
}
