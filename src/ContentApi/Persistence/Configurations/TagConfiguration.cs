using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentApi.Persistence.Configurations;

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> tag)
    {
        tag.HasIndex(t => t.Slug).IsUnique();
        tag.Property(t => t.Slug).HasMaxLength(Limits.Slug);
        tag.Property(t => t.Name).HasMaxLength(Limits.Name);
        tag.Property(t => t.Description).HasMaxLength(Limits.Description);
        tag.Property(t => t.Version).IsConcurrencyToken();
    }
}
