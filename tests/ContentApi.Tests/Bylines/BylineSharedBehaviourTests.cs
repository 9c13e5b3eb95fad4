namespace ContentApi.Tests.Bylines;

// Bylines' share of the behaviour bylines, tags and entities have in common (Tags/ReferenceResourceTests.cs),
// run against /v1/bylines. Byline-only tests are in the other classes of this folder.

public sealed class BylineReadTests(ContentApiFactory api)
    : ReferenceReadTests(api, ReferenceResource.Bylines), IClassFixture<ContentApiFactory>;

public sealed class BylineReplaceTests(ContentApiFactory api)
    : ReferenceReplaceTests(api, ReferenceResource.Bylines), IClassFixture<ContentApiFactory>;

public sealed class BylineDeleteTests(ContentApiFactory api)
    : ReferenceDeleteTests(api, ReferenceResource.Bylines), IClassFixture<ContentApiFactory>;
