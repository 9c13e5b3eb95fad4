using System.Diagnostics;

namespace ContentApi.Benchmarks;

/// <summary>
/// The service as a separate process, for the commands that measure it from outside (crash-test, evaluate-reuters): the
/// Release build next to these sources, a free loopback port, starting it with settings as environment variables, and
/// waiting until /health/ready answers.
/// </summary>
internal static class ServiceProcess
{
    /// <summary>The Release build of the service next to this repository's sources, building it first if there is none.</summary>
    public static async Task<string> BuiltAsync()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ContentApi.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException("Run from inside the repository, or pass the service's ContentApi.dll.");
        }

        var dll = Path.Combine(root.FullName, "src", "ContentApi", "bin", "Release", "net10.0", "ContentApi.dll");
        if (!File.Exists(dll))
        {
            using var build = Process.Start("dotnet", ["build", Path.Combine(root.FullName, "src", "ContentApi"), "-c", "Release"]);
            await build.WaitForExitAsync();
        }

        return dll;
    }

    /// <summary>A loopback port no one listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>How to run the service (<paramref name="app"/>, its ContentApi.dll) with these arguments and settings.</summary>
    public static ProcessStartInfo StartInfo(string app, IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(app)! };
        info.ArgumentList.Add(app);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    /// <summary>
    /// Starts the service. With <paramref name="quiet"/> its standard output is dropped and each line of its standard
    /// error is echoed as "  service: ..." (a command whose own output is a report); otherwise both go to this console.
    /// </summary>
    public static Process Start(string app, IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments, bool quiet = false)
    {
        var info = StartInfo(app, environment, arguments);
        info.RedirectStandardOutput = info.RedirectStandardError = quiet;
        var process = Process.Start(info)!;
        if (quiet)
        {
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { Length: > 0 } line)
                {
                    Console.Error.WriteLine($"  service: {line}");
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        return process;
    }

    /// <summary>Waits until GET /health/ready answers 2xx; fails when <paramref name="process"/> stops or <paramref name="within"/> passes.</summary>
    public static async Task WaitUntilReadyAsync(HttpClient client, Process process, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The service stopped ({process.ExitCode}).");
            }

            try
            {
                using var response = await client.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The service was not ready within {within.TotalSeconds:F0} s.");
    }
}
