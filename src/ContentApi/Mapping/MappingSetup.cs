using ContentApi.Articles;
using ContentApi.Bylines;
using ContentApi.Entities;
using ContentApi.Tags;
using Mapster;

namespace ContentApi.Mapping;

public static class MappingSetup
{
    private static readonly Lock Once = new();
    private static readonly HashSet<TypeAdapterConfig> Configured = [];

    /// <summary>
    /// Registers every feature's maps, strictly: a destination member with no source is an error, not a
    /// default. Once per config: registering again would reset maps that other requests in the same
    /// process (several test servers share the global config) may be compiling at that moment.
    /// </summary>
    public static TypeAdapterConfig AddContentMaps(this TypeAdapterConfig config)
    {
        lock (Once)
        {
            if (Configured.Add(config))
            {
                config.RequireDestinationMemberSource = true;
                config.Apply(new ArticleMapping(), new BylineMapping(), new TagMapping(), new EntityMapping());
            }
        }

        return config;
    }
}
