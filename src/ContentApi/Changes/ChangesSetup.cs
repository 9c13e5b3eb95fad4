namespace ContentApi.Changes;

public static class ChangesSetup
{
    /// <summary>The one writer, the clock that logs changes of reach, and the follower of other instances' changes.</summary>
    public static IServiceCollection AddContentChanges(this IServiceCollection services)
    {
        services.AddOptions<SyndicationOptions>().BindConfiguration("Syndication");
        services.AddSingleton<ContentWriter>();
        services.AddSingleton<LoggedChanges>();
        services.AddSingleton<AppliedChanges>();
        services.AddSingleton<Entities.EntityMatchers>();
        services.AddSingleton<Entities.ExtractionJobSignal>();
        services.AddSingleton<SearchIndexer.Signal>();
        services.AddHostedService<ReachClock>();
        services.AddHostedService<SearchIndexer>();
        services.AddReplicas();
        return services;
    }
}
