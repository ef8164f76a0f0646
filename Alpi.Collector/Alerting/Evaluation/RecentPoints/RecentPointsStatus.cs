namespace Alpi.Collector.Alerting.Evaluation.RecentPoints;

/// <summary>The in-memory window the rules read, as <c>/healthz</c> shows it (<c>alerting.recentPoints</c>).</summary>
/// <param name="Series">Series held (of the measurements and fields some rule reads).</param>
/// <param name="Points">Points held.</param>
/// <param name="DroppedPoints">Points dropped from memory (not from the store) because a series held <see cref="RecentPointsWindow.MaxPointsPerSeries"/>, since start.</param>
/// <param name="StoreReads">Rule reads answered by the store instead, since start: a measurement not loaded yet (store unavailable) or a range older than held.</param>
public sealed record RecentPointsStatus(int Series, long Points, long DroppedPoints, long StoreReads);
