using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentApi.Persistence.Configurations;

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> webhook)
    {
        webhook.ToTable("Webhooks");
        webhook.Property(w => w.Url).HasMaxLength(Limits.Url);
        webhook.Property(w => w.Description).HasMaxLength(Limits.Description);
        webhook.Property(w => w.Section).HasMaxLength(Limits.Name);
        webhook.Property(w => w.Secret).HasMaxLength(100);
        webhook.Property(w => w.PreviousSecret).HasMaxLength(100);
        // One flag, stored as its number like the change log's, so dispatch can test it against an entry's bits.
        webhook.Property(w => w.Audience).HasConversion<int>();
        webhook.HasIndex(w => w.OwnerKeyId);
        // The dispatcher reads the live ones (active or failing) whenever changes are logged.
        webhook.HasIndex(w => w.Status);
        // A key is revoked, never deleted; if one ever is, its webhooks go with it.
        webhook.HasOne<ApiKey>().WithMany().HasForeignKey(w => w.OwnerKeyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> delivery)
    {
        delivery.ToTable("WebhookDeliveries");
        delivery.Property(d => d.EventId).HasMaxLength(64);
        delivery.Property(d => d.EventType).HasMaxLength(64);
        delivery.Property(d => d.LastError).HasMaxLength(Limits.Description);
        // What is due: pending deliveries by time.
        delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
        // A webhook's delivery log, newest first; and at most one delivery of each change per webhook.
        delivery.HasIndex(d => new { d.WebhookId, d.Id });
        delivery.HasIndex(d => new { d.WebhookId, d.ChangeSequence }).IsUnique();
        delivery.HasOne<Webhook>().WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookCursorConfiguration : IEntityTypeConfiguration<WebhookCursor>
{
    public void Configure(EntityTypeBuilder<WebhookCursor> cursor)
    {
        cursor.ToTable("WebhookCursor");
        cursor.Property(c => c.Id).ValueGeneratedNever();
        cursor.HasData(new WebhookCursor { Id = WebhookCursor.RowId, Sequence = 0 });
    }
}
