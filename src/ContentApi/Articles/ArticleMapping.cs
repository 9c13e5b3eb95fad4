using Mapster;

namespace ContentApi.Articles;

public sealed class ArticleMapping : IRegister
{
    public void Register(TypeAdapterConfig config)
    {
        // Links are loaded in display order (see ArticleQueries.WithPageContent); these rules only unwrap them.
        config.NewConfig<Article, ArticleResponse>()
            .Map(d => d.Tags, s => s.Tags.Select(t => t.Tag))
            .Map(d => d.Entities, s => s.Entities.Select(e => e.Entity))
            .Map(d => d.RelatedArticles, s => s.Pins.Select(p => p.PinnedArticle));
        config.NewConfig<Article, ArticleSummary>();
        config.NewConfig<ArticleByline, ArticleBylineResponse>();
        config.NewConfig<ArticleBody, ArticleBodyResponse>();
        config.NewConfig<SyndicationRights, SyndicationDto>();
        config.NewConfig<SyndicationDto, SyndicationRights>().Map(d => d.ExpiresAt, s => Times.ToUtc(s.ExpiresAt));
        config.NewConfig<FeaturedImage, FeaturedImageDto>();
        config.NewConfig<FeaturedImageDto, FeaturedImage>();
    }
}
