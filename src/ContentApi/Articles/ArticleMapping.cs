using System.Globalization;
using Mapster;

namespace ContentApi.Articles;

public sealed class ArticleMapping : IRegister
{
    public void Register(TypeAdapterConfig config)
    {
        // Links are loaded in display order (see ArticleQueries.LoadResponsesAsync); these rules only unwrap them.
        config.NewConfig<Article, ArticleResponse>()
            .Map(d => d.Tags, s => s.Tags.Select(t => t.Tag))
            .Map(d => d.Entities, s => s.Entities.Select(e => e.Entity))
            .Map(d => d.RelatedArticles, s => s.Pins.Select(p => p.PinnedArticle))
            .Map(d => d.EntityMentions, s => s.Entities.Select(e => new ArticleEntityMention(e.EntityId.ToString(CultureInfo.InvariantCulture), e.Origin, e.Mentions, e.Salience)))
            .Map(d => d.RejectedEntityIds, s => s.EntityRejections.OrderBy(r => r.EntityId).Select(r => r.EntityId.ToString(CultureInfo.InvariantCulture)))
            // Corrections live in the article's revisions: ArticleQueries.LoadResponsesAsync adds them. The related box is
            // computed when a page is read with include=related.
            .Ignore(d => d.Corrections, d => d.Related!);
        // A list item's snippet and embedded links are filled in by ArticleLists when asked for.
        config.NewConfig<Article, ArticleListItem>().Ignore(d => d.Snippet!, d => d.Bylines!, d => d.Tags!, d => d.Entities!);
        config.NewConfig<ArticleByline, ArticleBylineResponse>();
        config.NewConfig<ArticleBody, ArticleBodyResponse>();
        config.NewConfig<SyndicationRights, SyndicationDto>();
        config.NewConfig<SyndicationDto, SyndicationRights>().Map(d => d.ExpiresAt, s => Times.ToUtc(s.ExpiresAt));
        config.NewConfig<FeaturedImage, FeaturedImageDto>();
        config.NewConfig<FeaturedImageDto, FeaturedImage>();
    }
}
