namespace ContentApi.Tests.Entities;

// Entities' share of the behaviour bylines, tags and entities have in common (Tags/ReferenceResourceTests.cs),
// run against /v1/entities. Entity-only tests are in the other classes of this folder.

public sealed class EntityReadTests(ContentApiFactory api)
    : ReferenceReadTests(api, ReferenceResource.Entities), IClassFixture<ContentApiFactory>;

public sealed class EntityReplaceTests(ContentApiFactory api)
    : ReferenceReplaceTests(api, ReferenceResource.Entities), IClassFixture<ContentApiFactory>;

public sealed class EntityDeleteTests(ContentApiFactory api)
    : ReferenceDeleteTests(api, ReferenceResource.Entities), IClassFixture<ContentApiFactory>;
