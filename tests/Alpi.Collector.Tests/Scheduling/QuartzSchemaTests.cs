using Alpi.Collector.Relational;
using Alpi.Collector.Scheduling;
using Alpi.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;

namespace Alpi.Collector.Tests.Scheduling;

/// <summary>
/// The Quartz.NET tables the collector's migration creates (<see cref="QuartzSchema"/>, after
/// <c>database/tables/tables_postgres.sql</c>) are the ones Quartz.NET itself creates (<c>ProvisionSchema()</c>) for the
/// version the build uses: every column with its type, nullability and default, every key, foreign key and index. A
/// Quartz.NET upgrade that changes its schema fails here, naming what to add.
/// </summary>
[Category("Integration")]
public sealed class QuartzSchemaTests
{
    [Test]
    public async Task TheMigratedSchema_IsTheOneQuartzCreates()
    {
        var server = await SharedPostgresServer.GetAsync();
        var ours = await server.CreateDatabaseAsync();
        var quartz = await server.CreateDatabaseAsync();
        await using (var database = StateDatabase.PostgreSql(ours))
        {
            await database.MigrateAsync(QuartzSchema.Migrations, CancellationToken.None);
        }

        await ExecuteAsync(quartz, $"CREATE SCHEMA {StateOptions.DefaultSchema}");
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddQuartz(q => q.UsePersistentStore(s =>
        {
            s.UsePostgres(quartz);
            s.UseSystemTextJsonSerializer();
            s.ProvisionSchema();
            s.ConfigureStore(o => o.TablePrefix = StateOptions.DefaultSchema + ".qrtz_");
        }));
        await using (var provider = services.BuildServiceProvider())
        {
            var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
            await scheduler.Start();
            await scheduler.Shutdown();
        }

        foreach (var (what, sql) in Catalog)
        {
            var expected = await QueryAsync(quartz, sql);
            expected.Should().NotBeEmpty($"Quartz created its {what}");
            (await QueryAsync(ours, sql)).Should().Equal(expected, $"the migration's {what} are Quartz's");
        }
    }

    private static readonly (string What, string Sql)[] Catalog =
    [
        ("columns", """
            SELECT table_name || '.' || column_name || ' ' || data_type || COALESCE('(' || character_maximum_length || ')', '')
                || CASE is_nullable WHEN 'NO' THEN ' NOT NULL' ELSE '' END || COALESCE(' DEFAULT ' || column_default, '')
            FROM information_schema.columns WHERE table_schema = 'alpi_collector' AND table_name LIKE 'qrtz%'
            ORDER BY table_name, column_name
            """),
        ("keys and foreign keys", """
            SELECT conrelid::regclass::text || ' ' || contype::text || ' ' || pg_get_constraintdef(oid)
            FROM pg_constraint WHERE connamespace = 'alpi_collector'::regnamespace AND conrelid::regclass::text LIKE '%.qrtz%'
            ORDER BY 1
            """),
        ("indexes", """
            SELECT indexdef FROM pg_indexes WHERE schemaname = 'alpi_collector' AND tablename LIKE 'qrtz%' ORDER BY indexname
            """),
    ];

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var result = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }
}
