using ContentApi.ReadModel;

namespace ContentApi.Articles;

public static class ArticleSetup
{
    /// <summary>What renders articles and the resources they show at write time, and puts answers together from it at read time.</summary>
    public static IServiceCollection AddArticles(this IServiceCollection services)
    {
        services.AddSingleton<IRepresentationRenderer, ArticleRepresentations>();
        services.AddSingleton<ArticleJson>();
        services.AddSingleton<ArticleWrites>();
        return services;
    }
}
