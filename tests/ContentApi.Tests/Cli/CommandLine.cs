using ContentApi.Cli;
using Microsoft.Extensions.Hosting;

namespace ContentApi.Tests.Cli;

/// <summary>Runs the command line as Program does, against a factory's app (or against none, for commands that must not build one).</summary>
public static class CommandLine
{
    public sealed record Run(int ExitCode, string Output, string Error)
    {
        public string[] Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>The command against <paramref name="api"/>'s services, with output redirected (not a terminal).</summary>
    public static async Task<Run> RunAsync(this ContentApiFactory api, params string[] args)
    {
        using var host = new FactoryHost(api.Services);
        return await RunAsync(_ => Task.FromResult<IHost>(host), args);
    }

    /// <summary>The command with no app to build: one that asks for it fails the test.</summary>
    public static Task<Run> RunWithoutAppAsync(params string[] args) =>
        RunAsync(needs => throw new InvalidOperationException($"The command built the app ({needs}) when it needed none."), args);

    private static async Task<Run> RunAsync(Func<AppNeeds, Task<IHost>> app, string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await ContentCommandLine.RunAsync(args, app, output, error, interactive: false);
        return new Run(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The factory's services as a host: started and stopped by the factory, not by the command.</summary>
    private sealed class FactoryHost(IServiceProvider services) : IHost
    {
        public IServiceProvider Services => services;

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
