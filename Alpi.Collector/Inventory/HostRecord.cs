namespace Alpi.Collector.Inventory;

/// <summary>What the collector knows of one host.</summary>
/// <param name="Tenant">The member body.</param>
/// <param name="Host">The host name as its topics give it.</param>
/// <param name="Status"><c>online</c>, <c>offline</c>, or <c>unknown</c> when only metrics were seen.</param>
/// <param name="LastSeen">When the last message (metrics or status) arrived, UTC.</param>
/// <param name="InventoryJson">The last birth message as received (JSON), or null.</param>
/// <param name="MalformedLines">Line-protocol lines from this host rejected since the collector started.</param>
public sealed record HostRecord(string Tenant, string Host, string Status, DateTimeOffset LastSeen, string? InventoryJson, long MalformedLines);
