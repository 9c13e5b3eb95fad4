using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentApi.Persistence.Configurations;

internal sealed class BylineConfiguration : IEntityTypeConfiguration<Byline>
{
    public void Configure(EntityTypeBuilder<Byline> byline)
    {
        byline.HasIndex(b => b.Slug).IsUnique();
        byline.Property(b => b.Slug).HasMaxLength(Limits.Slug);
        byline.Property(b => b.Name).HasMaxLength(Limits.Name);
        byline.Property(b => b.Role).HasMaxLength(Limits.Name);
        byline.Property(b => b.Bio).HasMaxLength(Limits.Description);
        byline.Property(b => b.AvatarUrl).HasMaxLength(Limits.Url);
        byline.Property(b => b.Version).IsConcurrencyToken();
        byline.OwnsMany(b => b.Links, links => links.ToJson());
    }
}
