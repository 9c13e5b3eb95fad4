using Mapster;

namespace ContentApi.Tags;

public sealed class TagMapping : IRegister
{
    public void Register(TypeAdapterConfig config)
    {
        config.NewConfig<Tag, TagResponse>();
        config.NewConfig<Tag, TagRequest>();
        config.NewConfig<TagRequest, Tag>().Ignore(t => t.Slug);
    }
}
