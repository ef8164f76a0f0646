using System.Data.Common;
using Alpi.Collector.Alerting.Escalation;
using Alpi.Collector.Relational;

namespace Alpi.Collector.Alerting.History;

/// <summary>
/// Escalation progress (<c>alert_escalation</c>: steps done, reminders sent, next reminder) and the silences and
/// maintenance windows created through the API (<c>alert_silences</c>), in the alerts database.
/// </summary>
public sealed partial class AlertStore
{
    /// <summary>The escalation progress of every alert that has one.</summary>
    /// <exception cref="DbException">The database cannot be reached.</exception>
    public async Task<IReadOnlyList<EscalationProgress>> LoadEscalationsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT e.alert_id, COALESCE(e.started_ms, a.fired_at_ms, a.updated_at_ms), e.steps_done, e.reminders, e.next_reminder_ms
            FROM alert_escalation e JOIN alerts a ON a.id = e.alert_id WHERE a.state <> 'resolved'
            """;
        var result = new List<EscalationProgress>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new EscalationProgress(reader.GetInt64(0), Time(reader.GetInt64(1)), reader.GetInt32(2), reader.GetInt32(3), NullableTime(reader, 4)));
        }

        return result;
    }

    /// <summary>Creates a silence or an API maintenance window (and advances the engine's generation, so that the other collectors of a cluster read it).</summary>
    /// <param name="kind"><c>silence</c> or <c>maintenance</c>.</param>
    /// <param name="definitionJson">The definition as posted (re-read at start).</param>
    /// <param name="createdBy">Who.</param>
    /// <param name="now">When.</param>
    /// <param name="endsAt">When it ends, or null for a recurring window (kept until deleted).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The new identifier.</returns>
    /// <exception cref="DbException">The database cannot be reached or written.</exception>
    public async Task<long> AddSilenceAsync(string kind, string definitionJson, string createdBy, DateTimeOffset now, DateTimeOffset? endsAt, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            long id;
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO alert_silences (kind, definition_json, created_by, created_ms, ends_ms) VALUES (@kind, @json, @by, @now, @ends)
                    RETURNING id
                    """;
                command.AddParameter("@kind", kind);
                command.AddParameter("@json", definitionJson);
                command.AddParameter("@by", createdBy);
                command.AddParameter("@now", now.ToUnixTimeMilliseconds());
                command.AddParameter("@ends", endsAt?.ToUnixTimeMilliseconds());
                id = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            }

            await AdvanceGenerationAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return id;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Deletes a silence or API maintenance window; false when there is none with this identifier and kind.</summary>
    /// <exception cref="DbException">The database cannot be reached or written.</exception>
    public async Task<bool> DeleteSilenceAsync(string kind, long id, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            int deleted;
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "DELETE FROM alert_silences WHERE id = @id AND kind = @kind";
                command.AddParameter("@id", id);
                command.AddParameter("@kind", kind);
                deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            }

            if (deleted > 0)
            {
                await AdvanceGenerationAsync(connection, transaction, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return deleted > 0;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The stored silences and API windows that have not ended at <paramref name="now"/>: (id, kind, definition, created by, created at).</summary>
    /// <exception cref="DbException">The database cannot be reached.</exception>
    public async Task<IReadOnlyList<(long Id, string Kind, string Json, string CreatedBy, DateTimeOffset CreatedAt)>> ListSilencesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, kind, definition_json, created_by, created_ms FROM alert_silences WHERE ends_ms IS NULL OR ends_ms > @now ORDER BY id";
        command.AddParameter("@now", now.ToUnixTimeMilliseconds());
        var result = new List<(long, string, string, string, DateTimeOffset)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Time(reader.GetInt64(4))));
        }

        return result;
    }

    private static async Task SaveEscalationsAsync(DbConnection connection, DbTransaction transaction, Dictionary<long, EscalationProgress?> escalations, CancellationToken cancellationToken)
    {
        foreach (var (id, progress) in escalations)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.AddParameter("@id", id);
            if (progress is null)
            {
                command.CommandText = "DELETE FROM alert_escalation WHERE alert_id = @id";
            }
            else
            {
                command.CommandText = """
                    INSERT INTO alert_escalation (alert_id, started_ms, steps_done, reminders, next_reminder_ms) VALUES (@id, @started, @steps, @reminders, @next)
                    ON CONFLICT (alert_id) DO UPDATE SET started_ms = excluded.started_ms, steps_done = excluded.steps_done,
                        reminders = excluded.reminders, next_reminder_ms = excluded.next_reminder_ms
                    """;
                command.AddParameter("@started", progress.Started.ToUnixTimeMilliseconds());
                command.AddParameter("@steps", progress.StepsDone);
                command.AddParameter("@reminders", progress.Reminders);
                command.AddParameter("@next", progress.NextReminder?.ToUnixTimeMilliseconds());
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
