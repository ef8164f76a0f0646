using System.Globalization;
using Alpi.Protocols.LineProtocol;
using Alpi.Protocols.Snmp;
using Alpi.Protocols.Snmp.Manager;

namespace Alpi.Agent.Collectors.Snmp;

internal sealed partial class SnmpDevicePoller
{
    private static readonly SnmpWalkOptions WalkOptions = new(UseBulk: true, MaxRepetitions: 25, MaxVarbinds: 100_000);

    /// <summary>One poll of one device: fetches what its profile names and turns it into points.</summary>
    private sealed class DevicePoll(SnmpDevicePoller poller, Device device, TimeSpan at)
    {
        private uint _sysUpTime;
        private SnmpTarget _target = null!;

        public List<LinePoint> Points { get; } = [];

        public int Varbinds { get; private set; }

        public KeyValuePair<string, string>[] CommonTags { get; } =
        [
            new("device", device.Options.Name),
        ];

        /// <summary>
        /// The tags of the device's <c>snmp_poll</c> point: <see cref="CommonTags"/>, and <c>site</c> when the device has a
        /// site of its own (<see cref="SnmpDeviceOptions.Site"/>). Only this series carries it, as the dashboard learns
        /// devices from it: the device's other series keep their identity whatever its site.
        /// </summary>
        public KeyValuePair<string, string>[] PollTags { get; } = string.IsNullOrEmpty(device.Options.Site)
            ? [new("device", device.Options.Name)]
            : [new("device", device.Options.Name), new("site", device.Options.Site)];

        private string SeriesPrefix => device.Options.Name + "\0";

        /// <summary>Polls the device at <paramref name="target"/>; false when it did not answer the first GET (sysUpTime, sysObjectID).</summary>
        public async Task<bool> RunAsync(SnmpTarget target, CancellationToken cancellationToken)
        {
            _target = target;
            var first = await poller._client.GetAsync(_target, [SysUpTime, SysObjectId], cancellationToken);
            if (first.Status != SnmpStatus.Ok || first.Varbinds.Count != 2 || first.Varbinds[0].Value.Type != SnmpValueType.TimeTicks)
            {
                Log.DeviceDown(poller._logger, device.Options.Name, first.ToString());
                return false;
            }

            Varbinds += 2;
            _sysUpTime = first.Varbinds[0].Value.AsUInt32();
            var profile = SelectProfile(first.Varbinds[1].Value);
            var complete = await PollScalarsAsync(profile, cancellationToken);
            foreach (var table in profile.Tables)
            {
                complete &= await PollTableAsync(table, cancellationToken);
            }

            if (complete)
            {
                poller._rates.ForgetStale(SeriesPrefix, at);
            }

            return true;
        }

        private SnmpProfile SelectProfile(SnmpValue sysObjectIdValue)
        {
            if (device.ForcedProfile is { } forced)
            {
                return forced;
            }

            var sysObjectId = sysObjectIdValue.Type == SnmpValueType.ObjectIdentifier ? sysObjectIdValue.AsOid() : default;
            if (device.SelectedProfile is null || device.LastSysObjectId != sysObjectId)
            {
                device.SelectedProfile = poller._catalog.Select(sysObjectId);
                device.LastSysObjectId = sysObjectId;
                Log.ProfileSelected(poller._logger, device.Options.Name, device.SelectedProfile.Name, sysObjectId);
            }

            return device.SelectedProfile;
        }

        private async Task<bool> PollScalarsAsync(SnmpProfile profile, CancellationToken cancellationToken)
        {
            var values = new Dictionary<Oid, SnmpValue>();
            var complete = true;
            var oids = profile.Scalars.Select(s => s.Oid).Distinct().ToList();
            foreach (var chunk in oids.Chunk(ScalarsPerGet))
            {
                var result = await poller._client.GetAsync(_target, chunk, cancellationToken);
                if (result.Status == SnmpStatus.ErrorStatus)
                {
                    // v1 answers noSuchName for the whole request when one object is missing (RFC 1157 §4.1.2): ask one by one.
                    foreach (var oid in chunk)
                    {
                        var single = await poller._client.GetAsync(_target, [oid], cancellationToken);
                        complete &= single.Status is SnmpStatus.Ok or SnmpStatus.ErrorStatus;
                        Collect(single);
                    }

                    continue;
                }

                if (result.Status != SnmpStatus.Ok)
                {
                    Log.PartialFailure(poller._logger, device.Options.Name, "scalars", result.ToString());
                    complete = false;
                    break;
                }

                Collect(result);
            }

            foreach (var group in profile.Scalars.GroupBy(s => s.Measurement, StringComparer.Ordinal))
            {
                var fields = new List<KeyValuePair<string, FieldValue>>();
                foreach (var scalar in group)
                {
                    if (values.TryGetValue(scalar.Oid, out var value))
                    {
                        AddField(fields, $"{group.Key}\0{scalar.Field}", scalar.Field, scalar.Kind, value, 1, null);
                    }
                }

                if (fields.Count > 0)
                {
                    Points.Add(new LinePoint(group.Key, CommonTags, fields, null));
                }
            }

            return complete;

            void Collect(SnmpResult result)
            {
                foreach (var varbind in result.Varbinds)
                {
                    Varbinds++;
                    if (!varbind.Value.IsException && !varbind.Value.IsDecodeError)
                    {
                        values[varbind.Oid] = varbind.Value;
                    }
                }
            }
        }

        private async Task<bool> PollTableAsync(SnmpTableDefinition table, CancellationToken cancellationToken)
        {
            var columns = new Dictionary<Oid, Dictionary<Oid, SnmpValue>>();
            var complete = true;

            async Task<Dictionary<Oid, SnmpValue>> ColumnAsync(Oid column)
            {
                if (columns.TryGetValue(column, out var cells))
                {
                    return cells;
                }

                var walk = await poller._client.WalkAsync(_target, column, WalkOptions, cancellationToken);
                Varbinds += walk.Varbinds.Count;
                if (walk.Failure is { } failure)
                {
                    Log.PartialFailure(poller._logger, device.Options.Name, $"{table.Measurement} column .{column}", failure.ToString());
                    complete = false;
                }

                cells = new Dictionary<Oid, SnmpValue>(walk.Varbinds.Count);
                foreach (var varbind in walk.Varbinds)
                {
                    if (!varbind.Value.IsException && !varbind.Value.IsDecodeError)
                    {
                        cells[new Oid(varbind.Oid.Arcs[column.Length..])] = varbind.Value;
                    }
                }

                columns[column] = cells;
                return cells;
            }

            var rows = (await ColumnAsync(table.Index)).Keys.ToList();
            if (rows.Count == 0)
            {
                return complete;
            }

            var tagColumns = new List<(string Tag, Dictionary<Oid, SnmpValue> Cells)>();
            foreach (var tag in table.Tags)
            {
                tagColumns.Add((tag.Tag, await ColumnAsync(tag.Oid)));
            }

            var fieldColumns = new List<(SnmpColumnDefinition Field, Dictionary<Oid, SnmpValue> Cells, Dictionary<Oid, SnmpValue>? Fallback, Dictionary<Oid, SnmpValue>? Scale)>();
            foreach (var field in table.Fields)
            {
                var cells = await ColumnAsync(field.Oid);
                var fallback = field.FallbackOid is { } f && rows.Any(r => !cells.ContainsKey(r)) ? await ColumnAsync(f) : null;
                var scale = field.ScaleOid is { } s ? await ColumnAsync(s) : null;
                fieldColumns.Add((field, cells, fallback, scale));
            }

            foreach (var row in rows)
            {
                var tags = new List<KeyValuePair<string, string>>(CommonTags);
                if (table.IndexTag is { } indexTag)
                {
                    tags.Add(new(indexTag, row.ToString()));
                }

                foreach (var (tag, cells) in tagColumns)
                {
                    if (cells.TryGetValue(row, out var value) && TagText(value) is { Length: > 0 } text)
                    {
                        tags.Add(new(tag, text));
                    }
                }

                var fields = new List<KeyValuePair<string, FieldValue>>();
                var series = $"{table.Measurement}\0{row}\0";
                foreach (var (field, cells, fallback, scale) in fieldColumns)
                {
                    var factor = 1UL;
                    if (scale is not null)
                    {
                        if (!scale.TryGetValue(row, out var unit) || !TryUnsigned(unit, out factor))
                        {
                            continue;
                        }
                    }

                    if (cells.TryGetValue(row, out var value))
                    {
                        AddField(fields, series + field.Field, field.Field, field.Kind, value, factor, field.BitsPerSecondField);
                    }
                    else if (fallback is not null && fallback.TryGetValue(row, out var old))
                    {
                        AddField(fields, series + field.Field, field.Field, field.FallbackKind!.Value, old, factor, field.BitsPerSecondField);
                    }
                }

                if (fields.Count > 0)
                {
                    Points.Add(new LinePoint(table.Measurement, tags, fields, null));
                }
            }

            return complete;
        }

        private void AddField(List<KeyValuePair<string, FieldValue>> fields, string series, string name, SnmpFieldKind kind, SnmpValue value, ulong factor, string? bitsField)
        {
            switch (kind)
            {
                case SnmpFieldKind.Counter32 or SnmpFieldKind.Counter64:
                    if (!TryUnsigned(value, out var raw))
                    {
                        return;
                    }

                    fields.Add(new(name, FieldValue.UInteger(raw)));
                    var sample = poller._rates.Update(SeriesPrefix + series, raw, value.Type == SnmpValueType.Counter64, _sysUpTime, at);
                    if (sample.Rate is { } rate)
                    {
                        fields.Add(new(name + "_rate", FieldValue.Float(rate)));
                        if (bitsField is not null)
                        {
                            fields.Add(new(bitsField, FieldValue.Float(rate * 8)));
                        }
                    }

                    return;
                case SnmpFieldKind.Gauge:
                    if (TryUnsigned(value, out var gauge))
                    {
                        fields.Add(new(name, FieldValue.UInteger(gauge * factor)));
                    }

                    return;
                case SnmpFieldKind.TimeTicks:
                    if (TryUnsigned(value, out var ticks))
                    {
                        fields.Add(new(name, FieldValue.UInteger(ticks / 100)));
                    }

                    return;
                case SnmpFieldKind.Integer:
                    if (value.Type == SnmpValueType.Integer32)
                    {
                        fields.Add(new(name, FieldValue.Integer(value.AsInt32() * (long)factor)));
                    }
                    else if (TryUnsigned(value, out var unsigned) && unsigned <= long.MaxValue)
                    {
                        fields.Add(new(name, FieldValue.Integer((long)unsigned * (long)factor)));
                    }

                    return;
                case SnmpFieldKind.Float:
                    if (value.Type == SnmpValueType.OctetString)
                    {
                        if (double.TryParse(value.AsText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                        {
                            fields.Add(new(name, FieldValue.Float(parsed * factor)));
                        }
                    }
                    else if (value.Type == SnmpValueType.Integer32)
                    {
                        fields.Add(new(name, FieldValue.Float(value.AsInt32() * (double)factor)));
                    }
                    else if (TryUnsigned(value, out var number))
                    {
                        fields.Add(new(name, FieldValue.Float(number * (double)factor)));
                    }

                    return;
                default:
                    if (TagText(value) is { } text)
                    {
                        fields.Add(new(name, FieldValue.String(text)));
                    }

                    return;
            }
        }

        private static bool TryUnsigned(SnmpValue value, out ulong number)
        {
            switch (value.Type)
            {
                case SnmpValueType.Counter32 or SnmpValueType.Counter64 or SnmpValueType.Gauge32 or SnmpValueType.TimeTicks:
                    number = value.AsUInt64();
                    return true;
                case SnmpValueType.Integer32 when value.AsInt32() >= 0:
                    // Some MIBs define sizes as Integer32 (hrStorageSize, UCD-SNMP-MIB memTotalReal).
                    number = (ulong)value.AsInt32();
                    return true;
                default:
                    number = 0;
                    return false;
            }
        }

        private static string? TagText(SnmpValue value) => value.Type switch
        {
            SnmpValueType.OctetString => value.AsText().TrimEnd('\0').Trim(),
            SnmpValueType.Integer32 => value.AsInt32().ToString(CultureInfo.InvariantCulture),
            SnmpValueType.IpAddress => value.AsIPAddress().ToString(),
            SnmpValueType.ObjectIdentifier => value.AsOid().ToString(),
            _ when TryUnsigned(value, out var n) => n.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }
}
