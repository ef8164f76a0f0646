using Alpi.Collector.Relational;

namespace Alpi.Collector.Inventory;

/// <summary>The <c>hosts</c> table of the host inventory (<see cref="HostInventory"/>), component <c>inventory</c>.</summary>
internal static class InventorySchema
{
    /// <summary>The steps, version 1 first. SQLite's is written to adopt a <c>state.db</c> made before versions were recorded.</summary>
    public static SchemaMigrations Migrations { get; } = new(
        "inventory",
        [
            new("""
                CREATE TABLE IF NOT EXISTS hosts (
                    tenant TEXT NOT NULL, host TEXT NOT NULL, status TEXT NOT NULL,
                    last_seen_unix_ms INTEGER NOT NULL, inventory_json TEXT,
                    PRIMARY KEY (tenant, host));
                """),
        ],
        [
            new("""
                CREATE TABLE hosts (
                    tenant TEXT NOT NULL, host TEXT NOT NULL, status TEXT NOT NULL,
                    last_seen_unix_ms BIGINT NOT NULL, inventory_json TEXT,
                    PRIMARY KEY (tenant, host));
                """),
        ]);
}
