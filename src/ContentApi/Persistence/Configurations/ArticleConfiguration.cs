using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentApi.Persistence.Configurations;

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> article)
    {
        article.HasIndex(a => a.Slug).IsUnique();
        // Keyset paging for each sort order, and the filters lists use.
        article.HasIndex(a => new { a.PublishedAt, a.Id });
        article.HasIndex(a => new { a.UpdatedAt, a.Id });
        article.HasIndex(a => new { a.Headline, a.Id });
        article.HasIndex(a => new { a.Section, a.PublishedAt });
        article.HasIndex(a => new { a.Language, a.PublishedAt });
        article.Property(a => a.Slug).HasMaxLength(Limits.Slug);
        article.Property(a => a.Headline).HasMaxLength(Limits.Headline);
        article.Property(a => a.Standfirst).HasMaxLength(Limits.Standfirst);
        article.Property(a => a.Section).HasMaxLength(Limits.Name);
        article.Property(a => a.Language).HasMaxLength(Limits.Language);
        article.Property(a => a.CanonicalUrl).HasMaxLength(Limits.Url);
        article.Property(a => a.Version).IsConcurrencyToken();
        article.Property(a => a.Reach).HasConversion<int>();
        // What the reach clock finds due.
        article.HasIndex(a => a.ReachChangesAt);

        // The body is most of an article's bytes (three renderings of some 600 words). Kept in a table of
        // its own, it stays out of the rows that filters, sorts and lists read by the thousand.
        article.OwnsOne(a => a.Body, body =>
        {
            body.ToTable("ArticleBodies");
            body.WithOwner().HasForeignKey("ArticleId");
            body.HasKey("ArticleId");
        });
        article.Navigation(a => a.Body).IsRequired();
        article.OwnsOne(a => a.KeyTerms, terms =>
        {
            terms.ToTable("ArticleKeyTerms");
            terms.WithOwner().HasForeignKey("ArticleId");
            terms.HasKey("ArticleId");
        });
        article.Navigation(a => a.KeyTerms).IsRequired();
        article.OwnsOne(a => a.FeaturedImage, image =>
        {
            image.Property(i => i.Url).HasColumnName("ImageUrl").HasMaxLength(Limits.Url);
            image.Property(i => i.AltText).HasColumnName("ImageAltText");
            image.Property(i => i.Caption).HasColumnName("ImageCaption");
            image.Property(i => i.Credit).HasColumnName("ImageCredit");
        });
        article.OwnsOne(a => a.Syndication, rights =>
        {
            rights.Property(r => r.Allowed).HasColumnName("SyndicationAllowed");
            rights.Property(r => r.Licence).HasColumnName("SyndicationLicence");
            rights.Property(r => r.ExpiresAt).HasColumnName("SyndicationExpiresAt");
        });
        article.Navigation(a => a.Syndication).IsRequired();

        article.HasMany(a => a.Bylines).WithOne().HasForeignKey(b => b.ArticleId).OnDelete(DeleteBehavior.Cascade);
        article.HasMany(a => a.Tags).WithOne().HasForeignKey(t => t.ArticleId).OnDelete(DeleteBehavior.Cascade);
        article.HasMany(a => a.Entities).WithOne().HasForeignKey(e => e.ArticleId).OnDelete(DeleteBehavior.Cascade);
        article.HasMany(a => a.Pins).WithOne().HasForeignKey(p => p.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ArticleSlugAliasConfiguration : IEntityTypeConfiguration<ArticleSlugAlias>
{
    public void Configure(EntityTypeBuilder<ArticleSlugAlias> alias)
    {
        alias.HasKey(a => a.Slug);
        alias.Property(a => a.Slug).HasMaxLength(Limits.Slug);
        alias.HasIndex(a => a.ArticleId);
        alias.HasOne<Article>().WithMany().HasForeignKey(a => a.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ArticleBylineConfiguration : IEntityTypeConfiguration<ArticleByline>
{
    public void Configure(EntityTypeBuilder<ArticleByline> link)
    {
        link.HasKey(l => new { l.ArticleId, l.BylineId });
        link.HasIndex(l => l.BylineId);
        // A byline in use cannot be deleted: the API answers 409 first, the database makes sure.
        link.HasOne(l => l.Byline).WithMany().HasForeignKey(l => l.BylineId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ArticleTagConfiguration : IEntityTypeConfiguration<ArticleTag>
{
    public void Configure(EntityTypeBuilder<ArticleTag> link)
    {
        link.HasKey(l => new { l.ArticleId, l.TagId });
        link.HasIndex(l => l.TagId);
        link.HasOne(l => l.Tag).WithMany().HasForeignKey(l => l.TagId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ArticleEntityConfiguration : IEntityTypeConfiguration<ArticleEntity>
{
    public void Configure(EntityTypeBuilder<ArticleEntity> link)
    {
        link.HasKey(l => new { l.ArticleId, l.EntityId });
        link.HasIndex(l => l.EntityId);
        link.HasOne(l => l.Entity).WithMany().HasForeignKey(l => l.EntityId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ArticlePinConfiguration : IEntityTypeConfiguration<ArticlePin>
{
    public void Configure(EntityTypeBuilder<ArticlePin> pin)
    {
        pin.HasKey(p => new { p.ArticleId, p.PinnedArticleId });
        pin.HasIndex(p => p.PinnedArticleId);
        // Deleting an article removes it from other articles' pins.
        pin.HasOne(p => p.PinnedArticle).WithMany().HasForeignKey(p => p.PinnedArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}
