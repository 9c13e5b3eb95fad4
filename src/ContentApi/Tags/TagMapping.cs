using Mapster;

namespace ContentApi.Tags;

public sealed class TagMapping : IRegister
{
    public void Register(TypeAdapterConfig config)
    {
        config.NewConfig<Tag, TagResponse>().Ignore(r => r.ArticleCount!);
        config.NewConfig<Tag, TagRequest>();
        config.NewConfig<TagRequest, Tag>().Ignore(t => t.Id, t => t.Slug, t => t.CreatedAt, t => t.UpdatedAt, t => t.Version);
    }
}
