using System.Text.Json;
using System.Text.Json.Serialization;
using Alpi.Protocols.Snmp;

namespace Alpi.Agent.Collectors.Snmp;

/// <summary>Reads and writes an <see cref="Oid"/> as its dotted text (<c>"1.3.6.1.2.1.1.3.0"</c>, a leading dot allowed).</summary>
internal sealed class OidJsonConverter : JsonConverter<Oid>
{
    public override Oid Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return text is not null && Oid.TryParse(text.TrimStart('.'), out var oid) && !oid.IsEmpty
            ? oid
            : throw new JsonException($"\"{text}\" is not an OID in dotted notation");
    }

    public override void Write(Utf8JsonWriter writer, Oid value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
