using ContentApi.Articles;
using System.Linq.Expressions;

namespace ContentApi.Access;

/// <summary>
/// The one rule for which articles a caller may see. Editors and admins see everything. Readers
/// (and anonymous callers) see articles that are published or scheduled and whose publication time
/// has come, by the clock, so scheduled articles appear with no job to run; never drafts or archived
/// ones, and nothing under embargo until the embargo ends. Partners see only those of them cleared for
/// syndication, while the clearance lasts; partners cleared for embargoes also see them during the embargo.
/// </summary>
public sealed class ArticleVisibility
{
    /// <summary>The rule over the fields it reads: status, publishedAt, embargo, syndication allowed, syndication expiry.</summary>
    private readonly Func<ArticleStatus, DateTime?, DateTime?, bool, DateTime?, bool> _allows;
    private readonly Func<Expression<Func<Article, bool>>> _makeRule;
    private Expression<Func<Article, bool>>? _rule;

    private ArticleVisibility(
        ArticleReach reach, DateTime now, Func<Expression<Func<Article, bool>>> rule, Func<ArticleStatus, DateTime?, DateTime?, bool, DateTime?, bool> allows)
    {
        (Reach, Now, _makeRule, _allows) = (reach, now, rule, allows);
    }

    /// <summary>The audience of editors and admins, who see every article.</summary>
    public const string Everything = "everything";

    /// <summary>The audience this rule is for, as its flag in an article's reach.</summary>
    public ArticleReach Reach { get; }

    /// <summary>Who the rule is for, as far as it differs: <see cref="Everything"/> (editors, admins), "cleared-partners", "partners" or "readers".</summary>
    public string Audience => Reach switch
    {
        ArticleReach.Editors => Everything,
        ArticleReach.EmbargoPartners => "cleared-partners",
        ArticleReach.Partners => "partners",
        _ => "readers",
    };

    /// <summary>The moment the rule was made for.</summary>
    public DateTime Now { get; }

    /// <summary>
    /// For queries: <c>db.Articles.Where(visibility.Rule)</c>. Built on first use: a request answered from the
    /// response cache, or by the in-memory catalog alone, never pays for making the expression tree.
    /// </summary>
    public Expression<Func<Article, bool>> Rule => _rule ??= _makeRule();

    /// <summary>For articles already loaded, such as pinned related articles.</summary>
    public bool Allows(Article article) =>
        _allows(article.Status, article.PublishedAt, article.EmbargoUntil, article.Syndication.Allowed, article.Syndication.ExpiresAt);

    /// <summary>The rule for a caller: by role, and for partners by whether their key is cleared for embargoes.</summary>
    public static ArticleVisibility For(Caller caller, DateTime now) => For(caller.Role switch
    {
        ApiRole.Editor or ApiRole.Admin => ArticleReach.Editors,
        ApiRole.Partner => caller.EmbargoCleared ? ArticleReach.EmbargoPartners : ArticleReach.Partners,
        _ => ArticleReach.Readers,
    }, now);

    /// <summary>
    /// The rule twice, side by side: as an expression SQL runs, and as plain code for loaded articles and the
    /// in-memory catalog, which applies it to every article it counts (compiling the expression for each
    /// request cost more than the counting). FacetCatalogTests checks that the two agree for every role.
    /// </summary>
    public static ArticleVisibility For(ArticleReach audience, DateTime now) => audience switch
    {
        ArticleReach.Editors => new(audience, now, static () => _ => true, static (_, _, _, _, _) => true),
        ArticleReach.EmbargoPartners => new(
            audience, now,
            () => a => (a.Status == ArticleStatus.Published || a.Status == ArticleStatus.Scheduled) && a.PublishedAt <= now
                && a.Syndication.Allowed && (a.Syndication.ExpiresAt == null || a.Syndication.ExpiresAt > now),
            (status, publishedAt, _, allowed, expiresAt) => (status == ArticleStatus.Published || status == ArticleStatus.Scheduled)
                && publishedAt <= now && allowed && (expiresAt == null || expiresAt > now)),
        ArticleReach.Partners => new(
            audience, now,
            () => a => (a.Status == ArticleStatus.Published || a.Status == ArticleStatus.Scheduled) && a.PublishedAt <= now
                && (a.EmbargoUntil == null || a.EmbargoUntil <= now)
                && a.Syndication.Allowed && (a.Syndication.ExpiresAt == null || a.Syndication.ExpiresAt > now),
            (status, publishedAt, embargoUntil, allowed, expiresAt) => (status == ArticleStatus.Published || status == ArticleStatus.Scheduled)
                && publishedAt <= now && (embargoUntil == null || embargoUntil <= now) && allowed && (expiresAt == null || expiresAt > now)),
        ArticleReach.Readers => new(
            audience, now,
            () => a => (a.Status == ArticleStatus.Published || a.Status == ArticleStatus.Scheduled) && a.PublishedAt <= now
                && (a.EmbargoUntil == null || a.EmbargoUntil <= now),
            (status, publishedAt, embargoUntil, _, _) => (status == ArticleStatus.Published || status == ArticleStatus.Scheduled)
                && publishedAt <= now && (embargoUntil == null || embargoUntil <= now)),
        _ => throw new ArgumentOutOfRangeException(nameof(audience), audience, "One audience at a time."),
    };

    /// <summary>Every audience, one flag each.</summary>
    public static readonly ArticleReach[] Audiences = [ArticleReach.Editors, ArticleReach.Readers, ArticleReach.Partners, ArticleReach.EmbargoPartners];

    /// <summary>Who may see the article at this moment: a flag for each audience whose rule allows it.</summary>
    public static ArticleReach ReachOf(Article article, DateTime now) =>
        Audiences.Where(audience => For(audience, now).Allows(article)).Aggregate(ArticleReach.None, (reach, audience) => reach | audience);

    /// <summary>
    /// The next moment after <paramref name="now"/> at which the article's reach may change with no write: its
    /// publication time, the end of its embargo or of its syndication clearance, whichever comes first; null if none.
    /// </summary>
    public static DateTime? NextReachChange(Article article, DateTime now) =>
        new[] { article.PublishedAt, article.EmbargoUntil, article.Syndication.ExpiresAt }.Where(t => t > now).Min();

    /// <summary>The same rule for the in-memory catalog's facts.</summary>
    public Func<ArticleFacts, bool> ForFacts() =>
        facts => _allows(facts.Status, facts.PublishedAt, facts.EmbargoUntil, facts.SyndicationAllowed, facts.SyndicationExpiresAt);

    /// <summary>
    /// When this article may next appear to or disappear from this audience with no write: a scheduled article's
    /// publication time, an embargo's end, a partner's syndication expiry; null when only a write can change it.
    /// </summary>
    public DateTime? NextChange(ArticleFacts facts)
    {
        if (Reach == ArticleReach.Editors || facts.Status is not (ArticleStatus.Published or ArticleStatus.Scheduled))
        {
            return null;
        }

        var partner = Reach is ArticleReach.Partners or ArticleReach.EmbargoPartners;
        DateTime?[] moments =
        [
            facts.PublishedAt,
            Reach == ArticleReach.EmbargoPartners ? null : facts.EmbargoUntil,
            partner && facts.SyndicationAllowed ? facts.SyndicationExpiresAt : null,
        ];
        return moments.Where(t => t > Now).Min();
    }

    /// <summary>Binds a handler parameter: the rule for this request's caller at this moment.</summary>
    public static ValueTask<ArticleVisibility?> BindAsync(HttpContext context) => ValueTask.FromResult<ArticleVisibility?>(
        For(Caller.From(context.User), context.RequestServices.GetRequiredService<TimeProvider>().UtcNow()));
}
