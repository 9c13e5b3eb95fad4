using ContentApi.Entities;

namespace ContentApi.Articles;

/// <summary>
/// What the service derives from an article's text when it is written: the rendered body, the known
/// entities it mentions and the capitalised phrases that name none (candidates). Pure and thread-safe,
/// so imports compute it for a batch in parallel.
/// </summary>
public sealed record ArticleAnalysis(RenderedBody Body, ArticleMentions Mentions, IReadOnlyList<CapitalisedPhrase> Candidates)
{
    public static ArticleAnalysis Of(ArticleRequest request, EntityMatcher matcher)
    {
        var body = ArticleBodyRenderer.Render(request.Body);
        var (mentions, candidates) = matcher.Analyse(request.Headline, request.Standfirst, body.Text);
        return new ArticleAnalysis(body, mentions, candidates);
    }
}
