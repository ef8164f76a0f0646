namespace Alpi.Agent.Collectors.Snmp;

/// <summary>A device profile file is malformed, or its includes are missing or circular.</summary>
public sealed class SnmpProfileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SnmpProfileException()
    {
    }

    /// <summary>Creates the exception with a message naming the profile and the problem.</summary>
    public SnmpProfileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the parse error behind it.</summary>
    public SnmpProfileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
