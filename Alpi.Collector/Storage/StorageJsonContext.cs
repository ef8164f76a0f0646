using System.Text.Json.Serialization;

namespace Alpi.Collector.Storage;

/// <summary>Source-generated JSON metadata for tag sets stored as JSON.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
