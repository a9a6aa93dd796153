namespace Connector.Storage;

/// <summary>A table write lost an optimistic concurrency race (ETag mismatch, or the row already exists): re-read and decide again.</summary>
public sealed class ConcurrencyConflictException(string message, Exception? innerException = null) : Exception(message, innerException);
