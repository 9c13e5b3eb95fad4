using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentApi.Persistence.Configurations;

internal sealed class ArticleRevisionConfiguration : IEntityTypeConfiguration<ArticleRevision>
{
    public void Configure(EntityTypeBuilder<ArticleRevision> revision)
    {
        // Deleting an article moves its revisions into its trash snapshot; the rows go with the article.
        revision.HasOne(r => r.Article).WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
        // An article's history, newest first, and the latest revision a write compares with. Not unique: two
        // writers that read the same latest revision both update the article, and its version (a concurrency
        // token) lets only one commit, so the other gets 412 rather than a clash on the number.
        revision.HasIndex(r => new { r.ArticleId, r.Number });
        // The corrections every article read shows: only the few revisions that carry one.
        revision.HasIndex(r => new { r.ArticleId, r.CreatedAt }).HasFilter("\"Correction\" IS NOT NULL")
            .HasDatabaseName("IX_ArticleRevisions_Corrections");
        revision.Property(r => r.AuthorName).HasMaxLength(Limits.Name);
        revision.Property(r => r.Correction).HasMaxLength(Limits.Description);
    }
}
