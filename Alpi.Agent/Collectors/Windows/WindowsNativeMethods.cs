using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Alpi.Agent.Collectors.Windows;

/// <summary>The kernel32 functions the Windows collectors call (Win32 API documentation, sysinfoapi.h and processthreadsapi.h).</summary>
[SupportedOSPlatform("windows")]
internal static partial class WindowsNativeMethods
{
    /// <summary>GetSystemTimes: idle, kernel (idle included) and user time of all processors, in 100 ns units.</summary>
    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool GetSystemTimes(out long idleTime, out long kernelTime, out long userTime);

    /// <summary>GlobalMemoryStatusEx: physical and page-file memory, in bytes.</summary>
    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    internal static partial bool GlobalMemoryStatusEx(ref MemoryStatusEx buffer);

    /// <summary>MEMORYSTATUSEX; <see cref="Length"/> must be set to the struct size (64) before the call.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct MemoryStatusEx
    {
        public uint Length;
        public uint MemoryLoad;
        public ulong TotalPhys;
        public ulong AvailPhys;
        public ulong TotalPageFile;
        public ulong AvailPageFile;
        public ulong TotalVirtual;
        public ulong AvailVirtual;
        public ulong AvailExtendedVirtual;
    }
}
