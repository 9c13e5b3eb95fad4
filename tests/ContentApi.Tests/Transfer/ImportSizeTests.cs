using System.Net;
using System.Text;
using System.Text.Json;
using ContentApi.Transfer;

namespace ContentApi.Tests.Transfer;

public sealed class ImportSizeTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task AcceptsAnImportLargerThanTheLimitForOtherRequests()
    {
        var client = api.CreateClient();
        var byline = await client.CreateBylineAsync();
        var body = string.Join("\n\n", Enumerable.Repeat("A paragraph of an archived story about the Sahel and its neighbours.", 1800));
        var lines = new StringBuilder();
        for (var i = 0; i < 12; i++)
        {
            lines.AppendLine(JsonSerializer.Serialize(new
            {
                record = "article", slug = TestData.Unique("archive"), headline = $"Archive story {i}", body, section = "World",
                status = "published", bylines = new[] { new { byline = byline.Slug, role = "writer" } },
            }));
        }

        var content = new StringContent(lines.ToString(), Encoding.UTF8, ContentRecords.MediaType);
        Assert.True(content.Headers.ContentLength > 1024 * 1024 || Encoding.UTF8.GetByteCount(lines.ToString()) > 1024 * 1024);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/import") { Content = content };
        request.Headers.Add("Prefer", TransferTestHelpers.Wait);
        using var response = await client.SendAsync(request);

        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        Assert.Equal(12, (await response.ReadAsync<ImportJobResponse>()).Report!.Created);
    }
}
