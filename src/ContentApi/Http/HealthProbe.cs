namespace ContentApi.Http;

/// <summary>`ContentApi healthcheck [url]`: exits 0 when the running service reports healthy (for container health checks).</summary>
public static class HealthProbe
{
    public const string DefaultUrl = "http://127.0.0.1:8080/health/ready";

    public static async Task<int> RunAsync(string url)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"Health check of {url} failed: {e.Message}");
            return 1;
        }
    }
}
