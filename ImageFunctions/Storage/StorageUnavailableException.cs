namespace ImageFunctions.Storage;

/// <summary>The image store's backend failed (unreachable, refused, full): a fault of ours, not of the request.</summary>
public sealed class StorageUnavailableException(string message, Exception inner) : Exception(message, inner);
