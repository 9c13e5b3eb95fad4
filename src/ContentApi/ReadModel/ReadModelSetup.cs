using Microsoft.Extensions.Options;

namespace ContentApi.ReadModel;

public static class ReadModelSetup
{
    /// <summary>The read model, and the response cache whose answers it stamps (the stored pages are the database's: see DataSetup).</summary>
    public static IServiceCollection AddReadModel(this IServiceCollection services)
    {
        services.AddSingleton<ContentReadModel>();
        services.AddOptions<ResponseCacheOptions>().BindConfiguration("ResponseCache")
            .Validate(o => o.SizeLimitMegabytes is >= 1 and <= 64 * 1024, "ResponseCache:SizeLimitMegabytes must be between 1 and 65536")
            .Validate(o => !string.IsNullOrWhiteSpace(o.SurrogateKeyHeader), "ResponseCache:SurrogateKeyHeader must be a header name")
            .ValidateOnStart();
        services.AddSingleton(provider =>
        {
            var model = provider.GetRequiredService<ContentReadModel>();
            return new ResponseCache(provider.GetRequiredService<IOptions<ResponseCacheOptions>>(), () => model.Version);
        });
        return services;
    }
}
