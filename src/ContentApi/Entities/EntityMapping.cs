using Mapster;

namespace ContentApi.Entities;

public sealed class EntityMapping : IRegister
{
    public void Register(TypeAdapterConfig config)
    {
        config.NewConfig<NamedEntity, EntityResponse>().Ignore(r => r.ArticleCount!);
        config.NewConfig<NamedEntity, EntityRequest>();
        config.NewConfig<EntityRequest, NamedEntity>()
            .Ignore(e => e.Id, e => e.Slug, e => e.CreatedAt, e => e.UpdatedAt, e => e.Version)
            .Map(e => e.Aliases, r => r.Aliases ?? Array.Empty<string>());
    }
}
