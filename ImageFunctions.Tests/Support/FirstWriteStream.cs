namespace ImageFunctions.Tests.Support;

/// <summary>A memory stream that runs an action on its first write (an encoder's first bytes), on whatever thread writes.</summary>
internal sealed class FirstWriteStream(Action onFirstWrite) : MemoryStream
{
    private Action? _onFirstWrite = onFirstWrite;

    public override void Write(byte[] buffer, int offset, int count)
    {
        Interlocked.Exchange(ref _onFirstWrite, null)?.Invoke();
        base.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Interlocked.Exchange(ref _onFirstWrite, null)?.Invoke();
        base.Write(buffer);
    }
}
