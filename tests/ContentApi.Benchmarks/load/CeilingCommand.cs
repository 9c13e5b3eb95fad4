using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContentApi.Benchmarks.Load;

/// <summary>
/// `ceiling --port 5198 --body FILE`: a bare Kestrel server that answers every GET with the same bytes from memory
/// (the body of FILE, as JSON, with an ETag), and nothing else: no routing beyond a catch-all, no middleware, no
/// database. The load script runs it on the same machine with the same load tool, so the service's requests per
/// second can be read as a share of what the framework itself can do here.
/// </summary>
public static class CeilingCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? bodyPath = null;
        var port = 5198;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--body":
                    bodyPath = args[i + 1];
                    break;
                case "--port":
                    port = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"Unknown option {args[i]}. Usage: ceiling --port 5198 --body FILE");
                    return 2;
            }
        }

        if (bodyPath is null || !File.Exists(bodyPath))
        {
            Console.Error.WriteLine("Usage: ceiling --port 5198 --body FILE (the JSON to answer with)");
            return 2;
        }

        var body = await File.ReadAllBytesAsync(bodyPath);
        var etag = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body).AsSpan(0, 16))}\"";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = body.Length;
            context.Response.Headers.ETag = etag;
            context.Response.Headers.CacheControl = "public, max-age=300";
            return context.Response.Body.WriteAsync(body).AsTask();
        });
        await app.RunAsync();
        return 0;
    }
}
