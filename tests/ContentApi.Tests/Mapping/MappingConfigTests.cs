using ContentApi.Http;
using ContentApi.Mapping;
using Mapster;

namespace ContentApi.Tests.Mapping;

public sealed class MappingConfigTests
{
    [Fact]
    public void EveryConfiguredMapCompiles()
    {
        // Throws when a destination member has no source, e.g. after a property is renamed on one side.
        new TypeAdapterConfig().AddContentMaps().Compile();
    }
}
