using System.Data.Common;

namespace Alpi.Collector.Relational;

/// <summary>Parameters on a provider-neutral <see cref="DbCommand"/>, as both SQLite and PostgreSQL read them.</summary>
public static class DbCommandExtensions
{
    /// <summary>
    /// Adds the parameter <paramref name="name"/> (with its <c>@</c>, as the SQL text spells it) with
    /// <paramref name="value"/>; null becomes <see cref="DBNull"/>. The provider infers the type from the value's:
    /// pass <see cref="long"/> for times (Unix milliseconds) and identifiers, <see cref="int"/> for counts,
    /// <see cref="bool"/> for flags, <see cref="string"/> for text.
    /// </summary>
    /// <param name="command">The command.</param>
    /// <param name="name">The parameter's name, <c>@id</c>.</param>
    /// <param name="value">Its value, or null.</param>
    /// <returns>The parameter, for a caller that sets it again for the next row.</returns>
    public static DbParameter AddParameter(this DbCommand command, string name, object? value)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
