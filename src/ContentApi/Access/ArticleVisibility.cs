using ContentApi.Articles;
using System.Linq.Expressions;

namespace ContentApi.Access;

/// <summary>
/// The one rule for which articles a caller may see. Editors and admins see everything. Readers
/// (and anonymous callers) see articles that are published or scheduled and whose publication time
/// has come, by the clock, so scheduled articles appear with no job to run; never drafts or archived
/// ones. Partners see only those of them cleared for syndication, while the clearance lasts.
/// </summary>
public sealed class ArticleVisibility
{
    /// <summary>The rule over the fields it reads: status, publishedAt, syndication allowed, syndication expiry.</summary>
    private readonly Func<ArticleStatus, DateTime?, bool, DateTime?, bool> _allows;

    private ArticleVisibility(string audience, DateTime now, Expression<Func<Article, bool>> rule, Func<ArticleStatus, DateTime?, bool, DateTime?, bool> allows)
    {
        (Audience, Now, Rule, _allows) = (audience, now, rule, allows);
    }

    /// <summary>The audience of editors and admins, who see every article.</summary>
    public const string Everything = "everything";

    /// <summary>Who the rule is for, as far as it differs: <see cref="Everything"/> (editors, admins), "partners" or "readers".</summary>
    public string Audience { get; }

    /// <summary>The moment the rule was made for.</summary>
    public DateTime Now { get; }

    /// <summary>For queries: <c>db.Articles.Where(visibility.Rule)</c>.</summary>
    public Expression<Func<Article, bool>> Rule { get; }

    /// <summary>For articles already loaded, such as pinned related articles.</summary>
    public bool Allows(Article article) => _allows(article.Status, article.PublishedAt, article.Syndication.Allowed, article.Syndication.ExpiresAt);

    /// <summary>
    /// The rule twice, side by side: as an expression SQL runs, and as plain code for loaded articles and the
    /// in-memory catalog, which applies it to every article it counts (compiling the expression for each
    /// request cost more than the counting). FacetCatalogTests checks that the two agree for every role.
    /// </summary>
    public static ArticleVisibility For(Caller caller, DateTime now) => caller.Role switch
    {
        ApiRole.Editor or ApiRole.Admin => new(Everything, now, _ => true, static (_, _, _, _) => true),
        ApiRole.Partner => new(
            "partners", now,
            a => (a.Status == ArticleStatus.Published || a.Status == ArticleStatus.Scheduled) && a.PublishedAt <= now
                && a.Syndication.Allowed && (a.Syndication.ExpiresAt == null || a.Syndication.ExpiresAt > now),
            (status, publishedAt, allowed, expiresAt) => (status == ArticleStatus.Published || status == ArticleStatus.Scheduled) && publishedAt <= now
                && allowed && (expiresAt == null || expiresAt > now)),
        _ => new(
            "readers", now,
            a => (a.Status == ArticleStatus.Published || a.Status == ArticleStatus.Scheduled) && a.PublishedAt <= now,
            (status, publishedAt, _, _) => (status == ArticleStatus.Published || status == ArticleStatus.Scheduled) && publishedAt <= now),
    };

    /// <summary>The same rule for the in-memory catalog's facts.</summary>
    public Func<ArticleFacts, bool> ForFacts() => facts => _allows(facts.Status, facts.PublishedAt, facts.SyndicationAllowed, facts.SyndicationExpiresAt);

    /// <summary>
    /// When this article may next appear to or disappear from this audience with no write: a scheduled article's
    /// publication time, a partner's syndication expiry; null when only a write can change it.
    /// </summary>
    public DateTime? NextChange(ArticleFacts facts)
    {
        if (Audience == Everything)
        {
            return null;
        }

        DateTime? goesLive = facts.Status is ArticleStatus.Published or ArticleStatus.Scheduled && facts.PublishedAt > Now ? facts.PublishedAt : null;
        DateTime? expires = Audience == "partners" && facts.SyndicationAllowed && facts.SyndicationExpiresAt > Now ? facts.SyndicationExpiresAt : null;
        return goesLive is null ? expires : expires is null ? goesLive : goesLive < expires ? goesLive : expires;
    }

    /// <summary>Binds a handler parameter: the rule for this request's caller at this moment.</summary>
    public static ValueTask<ArticleVisibility?> BindAsync(HttpContext context) => ValueTask.FromResult<ArticleVisibility?>(
        For(Caller.From(context.User), context.RequestServices.GetRequiredService<TimeProvider>().UtcNow()));
}
