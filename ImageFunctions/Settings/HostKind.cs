namespace ImageFunctions.Settings;

/// <summary>Which host runs the app's functions; it decides what may be left unconfigured.</summary>
public enum HostKind
{
    /// <summary>The Azure Functions host (Program.cs without <c>--standalone</c>): storage is required.</summary>
    Functions,

    /// <summary>The standalone host: without storage, the file system and the in-memory Durable backend.</summary>
    Standalone,
}
