namespace BlueGreen.Core.Storage;

/// <summary>
/// The data file could not be opened, read or written. The message names the file and what to do; the inner exception
/// is what LiteDB or the file system said.
/// </summary>
public sealed class DataFileException : IOException
{
    public DataFileException(string filePath, string message, Exception innerException)
        : base(message, innerException) => FilePath = filePath;

    public string FilePath { get; }
}
