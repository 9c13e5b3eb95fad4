using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ContentApi.Tests;

/// <summary>
/// Errors the service logged during the test run, so a test that meets a 500 can say what threw
/// (see TestData.ShouldHaveStatusAsync).
/// </summary>
public sealed class ServerErrorLog : ILoggerProvider
{
    private static readonly ConcurrentQueue<string> Errors = new();

    public static string Recent(int count) => string.Join("\n---\n", Errors.Reverse().Take(count));

    public ILogger CreateLogger(string categoryName) => new Collector(categoryName);

    public void Dispose()
    {
    }

    private sealed class Collector(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Errors.Enqueue($"{category}: {formatter(state, exception)}\n{exception}");
                while (Errors.Count > 50 && Errors.TryDequeue(out _))
                {
                }
            }
        }
    }
}
