namespace ContentApi.Tests.Tags;

// Tags' share of the behaviour bylines, tags and entities have in common (Tags/ReferenceResourceTests.cs),
// run against /v1/tags. Tag-only tests are in TagCreateTests, TagValidationTests and TagListTests.

public sealed class TagReadTests(ContentApiFactory api)
    : ReferenceReadTests(api, ReferenceResource.Tags), IClassFixture<ContentApiFactory>;

public sealed class TagReplaceTests(ContentApiFactory api)
    : ReferenceReplaceTests(api, ReferenceResource.Tags), IClassFixture<ContentApiFactory>;

public sealed class TagPatchTests(ContentApiFactory api)
    : ReferencePatchTests(api, ReferenceResource.Tags), IClassFixture<ContentApiFactory>;

public sealed class TagDeleteTests(ContentApiFactory api)
    : ReferenceDeleteTests(api, ReferenceResource.Tags), IClassFixture<ContentApiFactory>;
