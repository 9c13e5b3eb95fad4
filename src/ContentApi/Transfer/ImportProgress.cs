namespace ContentApi.Transfer;

/// <summary>How far an import is: lines checked in the first pass, lines written in the second.</summary>
public sealed record ImportProgress(long LinesChecked, long LinesWritten, long TotalLines, bool Writing);
