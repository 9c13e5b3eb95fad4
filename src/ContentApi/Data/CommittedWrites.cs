using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ContentApi.Data;

/// <summary>
/// A number that goes up after every write to the database commits, whatever wrote it (SaveChanges, ExecuteUpdate,
/// raw SQL through EF). What was computed while it had an older value may be stale: the response cache keeps
/// answers under the value read before computing them. It goes up after the commit, never before, so an answer
/// read from the old rows can never be kept under the new value.
/// </summary>
/// <remarks>
/// Writes that change nothing a reader is shown run inside <see cref="UnseenAsync{T}"/>: recording when a key was
/// last used must not make every kept answer stale each minute.
/// </remarks>
public sealed class CommittedWrites : IDbCommandInterceptor, IDbTransactionInterceptor
{
    private static readonly AsyncLocal<bool> InUnseenWrite = new();
    private static readonly object Written = new();
    private readonly ConditionalWeakTable<DbTransaction, object> _writtenIn = new();
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    /// <summary>Runs a write that no answer shows, so it does not count.</summary>
    public static async Task<T> UnseenAsync<T>(Func<Task<T>> write)
    {
        InUnseenWrite.Value = true;
        try
        {
            return await write();
        }
        finally
        {
            InUnseenWrite.Value = false;
        }
    }

    /// <summary>A write that returns rows (INSERT ... RETURNING) is done when its reader is.</summary>
    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Executed(command);
        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Executed(command);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Executed(command);
        return ValueTask.FromResult(result);
    }

    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Executed(command);
        return result;
    }

    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Executed(command);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (_writtenIn.TryGetValue(transaction, out _))
        {
            _writtenIn.Remove(transaction);
            Interlocked.Increment(ref _version);
        }
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => _writtenIn.Remove(transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        _writtenIn.Remove(transaction);
        return Task.CompletedTask;
    }

    /// <summary>A write outside a transaction has committed once it ran; one inside commits with its transaction.</summary>
    private void Executed(DbCommand command)
    {
        if (InUnseenWrite.Value || !IsWrite(command.CommandText))
        {
            return;
        }

        if (command.Transaction is { } transaction)
        {
            _writtenIn.AddOrUpdate(transaction, Written);
        }
        else
        {
            Interlocked.Increment(ref _version);
        }
    }

    /// <summary>
    /// Anything but a query (SELECT, PRAGMA, EXPLAIN) counts as a write: counting a read as a write only costs a
    /// cache miss, the other way round would serve stale answers. EF writes query tags as leading comment lines.
    /// </summary>
    internal static bool IsWrite(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        while (text.StartsWith("--"))
        {
            text = text.IndexOf('\n') is var end and >= 0 ? text[(end + 1)..].TrimStart() : [];
        }

        return !(text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("EXPLAIN", StringComparison.OrdinalIgnoreCase));
    }
}
