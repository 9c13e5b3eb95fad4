using ContentApi.Articles;
using ContentApi.Bylines;
using ContentApi.Entities;
using ContentApi.Tags;
using Mapster;

namespace ContentApi.Http;

public static class MappingSetup
{
    /// <summary>Registers every feature's maps, strictly: a destination member with no source is an error, not a default.</summary>
    public static TypeAdapterConfig AddContentMaps(this TypeAdapterConfig config)
    {
        config.RequireDestinationMemberSource = true;
        config.Apply(new ArticleMapping(), new BylineMapping(), new TagMapping(), new EntityMapping());
        return config;
    }
}
