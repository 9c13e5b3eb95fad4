using System.Runtime.InteropServices;

namespace ContentApi.Benchmarks.Related;

/// <summary>
/// The calling thread's CPU time (Linux CLOCK_THREAD_CPUTIME_ID), in nanoseconds: what a query costs on its own, which
/// other processes on the machine do not inflate the way they inflate its wall-clock time. NaN where unavailable.
/// </summary>
internal static class ThreadCpuTime
{
    private const int ClockThreadCpuTime = 3;

    public static readonly bool Available = OperatingSystem.IsLinux() && Now() >= 0;

    public static long Now()
    {
        try
        {
            return NativeMethods.clock_gettime(ClockThreadCpuTime, out var time) == 0 ? time.Seconds * 1_000_000_000 + time.Nanoseconds : -1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return -1;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = false)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code in this project for an out struct; one call per query does not need the speed.
        public static extern int clock_gettime(int clock, out Timespec time);
#pragma warning restore SYSLIB1054
    }
}
