using Mapster;

namespace ContentApi.Bylines;

public sealed class BylineMapping : IRegister
{
    public void Register(TypeAdapterConfig config)
    {
        config.NewConfig<Byline, BylineResponse>();
        config.NewConfig<Byline, BylineRequest>();
        config.NewConfig<BylineRequest, Byline>()
            .Ignore(b => b.Slug)
            .Map(b => b.Links, r => r.Links ?? Array.Empty<BylineLinkDto>());
    }
}
