using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ContentApi.Telemetry;

/// <summary>
/// A span and a duration for every command EF Core sends (queries, saves, bulk updates), on either database: the span
/// is made when the command has run, from the duration EF measured, so nothing is held between the two calls. Reading a
/// query's rows after it ran is not included. Search's own connections (see Persistence) are timed as search instead.
/// </summary>
public sealed class DatabaseTelemetry(string system) : DbCommandInterceptor
{
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Record(command, eventData, "reader", null);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(ReaderExecuted(command, eventData, result));

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Record(command, eventData, "non_query", null);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(NonQueryExecuted(command, eventData, result));

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Record(command, eventData, "scalar", null);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(ScalarExecuted(command, eventData, result));

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) =>
        Record(command, eventData, "failed", eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        CommandFailed(command, eventData);
        return Task.CompletedTask;
    }

    private void Record(DbCommand command, CommandEndEventData eventData, string kind, Exception? error)
    {
        if (ContentTelemetry.DatabaseDuration.Enabled)
        {
            ContentTelemetry.DatabaseDuration.Record(eventData.Duration.TotalSeconds, new KeyValuePair<string, object?>("operation", kind));
        }

        if (!ContentTelemetry.Source.HasListeners())
        {
            return;
        }

        using var span = ContentTelemetry.Source.StartActivity("db " + kind, ActivityKind.Client, parentContext: default,
            startTime: eventData.StartTime);
        if (span is null)
        {
            return;
        }

        span.SetTag("db.system.name", system);
        span.SetTag("db.query.text", command.CommandText);
        if (error is not null)
        {
            span.SetStatus(ActivityStatusCode.Error, error.Message);
        }

        span.SetEndTime((eventData.StartTime + eventData.Duration).UtcDateTime);
    }
}
