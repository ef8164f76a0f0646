namespace Alpi.Collector.Relational;

/// <summary>
/// One step of a schema: its SQL (one or more statements) and, for a step that adopts files made before versions were
/// recorded, a condition under which it has already been done.
/// </summary>
/// <param name="Sql">The statements, run in the migration transaction.</param>
/// <param name="SkipWhen">
/// A query returning one number, or null; when it returns more than zero the step is recorded as applied without
/// running (SQLite's <c>ADD COLUMN</c> has no <c>IF NOT EXISTS</c>).
/// </param>
public sealed record Migration(string Sql, string? SkipWhen = null);

/// <summary>
/// The versioned schema of one component of the collector's state (<c>inventory</c>, <c>traps</c>, <c>alerts</c>,
/// <c>quartz</c>): version N is element N − 1 of the provider's list, recorded in <c>schema_versions</c> once applied.
/// Both lists have as many steps, step N of each doing the same thing in that provider's types, except where a
/// component exists for one provider only (an empty list). Never edit an applied step: add one, to both lists.
/// </summary>
/// <param name="Component">The component's name, its key in <c>schema_versions</c>.</param>
/// <param name="Sqlite">The SQLite steps.</param>
/// <param name="PostgreSql">
/// The PostgreSQL steps, run with the connection's <c>search_path</c> set to the collector's schema, so that
/// unqualified names are the collector's tables.
/// </param>
public sealed record SchemaMigrations(string Component, IReadOnlyList<Migration> Sqlite, IReadOnlyList<Migration> PostgreSql)
{
    /// <summary>The steps of <paramref name="dialect"/>.</summary>
    public IReadOnlyList<Migration> For(SqlDialect dialect) => ReferenceEquals(dialect, SqlDialect.PostgreSql) ? PostgreSql : Sqlite;
}
