using Mapster;

namespace ContentApi.Bylines;

public sealed class BylineMapping : IRegister
{
    public void Register(TypeAdapterConfig config)
    {
        config.NewConfig<Byline, BylineResponse>().Ignore(r => r.ArticleCount!);
        config.NewConfig<Byline, BylineRequest>();
        config.NewConfig<BylineRequest, Byline>()
            .Ignore(b => b.Id, b => b.Slug, b => b.CreatedAt, b => b.UpdatedAt, b => b.Version)
            .Map(b => b.Links, r => r.Links ?? Array.Empty<BylineLinkDto>());
    }
}
