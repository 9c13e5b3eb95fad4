using System.CommandLine;
using ContentApi.OpenApi;

namespace ContentApi.Cli;

/// <summary>`openapi [PATH]` writes the contract; `healthcheck [URL]` asks a running service whether it is ready.</summary>
public static class ServiceCommands
{
    public static Command OpenApi(Func<AppNeeds, Task<IHost>> app, TextWriter output)
    {
        var path = new Argument<string?>("path")
        {
            Description = "Where to write the OpenAPI document (default: openapi/v1.json in the repository)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("openapi", "Write the OpenAPI document of the API, as the service serves it at /openapi/v1.json") { path };
        command.SetAction(async (parsed, ct) =>
        {
            var written = await ((WebApplication)await app(AppNeeds.Endpoints)).WriteOpenApiAsync(parsed.GetValue(path));
            await output.WriteLineAsync($"Wrote {written}");
            return ContentCommandLine.Done;
        });
        return command;
    }

    public static Command HealthCheck()
    {
        var url = new Argument<string>("url")
        {
            Description = "The readiness address of the service",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => HealthProbe.DefaultUrl,
        };
        var command = new Command("healthcheck", "Exit 0 when the running service reports ready, 1 otherwise (for container health checks)") { url };
        command.SetAction((parsed, ct) => HealthProbe.RunAsync(parsed.GetValue(url)!));
        return command;
    }
}
