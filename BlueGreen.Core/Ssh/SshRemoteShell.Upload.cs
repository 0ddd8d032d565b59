using Microsoft.Extensions.Logging;
using Renci.SshNet.Common;

namespace BlueGreen.Core.Ssh;

// SFTP upload.
public sealed partial class SshRemoteShell
{
    /// <summary>
    /// Copies a local file to a host over SFTP. The file is written under a temporary name next to
    /// <paramref name="remotePath"/> and renamed into place when complete, so nobody sees half a file and an
    /// existing file is replaced in one step. Uses its own short-lived connection (verified like commands).
    /// </summary>
    /// <param name="host">As <see cref="ShellCommand.Host"/>.</param>
    /// <param name="localPath">The file on the dashboard host.</param>
    /// <param name="remotePath">Absolute target path on the host; its folder must exist.</param>
    /// <param name="cancellationToken">Stops the transfer; the temporary file is removed when possible.</param>
    /// <exception cref="RemoteShellException">The file could not be read, the host not reached, or the server
    /// refused the write; the message says which.</exception>
    public async Task UploadAsync(string host, string localPath, string remotePath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        ArgumentException.ThrowIfNullOrEmpty(remotePath);
        var endpoint = ResolveOrThrow(host);
        FileStream local;
        try
        {
            local = File.OpenRead(localPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RemoteShellException(host, $"Cannot upload {localPath} to {endpoint}: {ex.Message}", ex);
        }

        await using (local.ConfigureAwait(false))
        {
            using var sftp = await _pool.ConnectSftpAsync(endpoint, cancellationToken).ConfigureAwait(false);
            var temporary = $"{remotePath}.upload-{Guid.NewGuid().ToString("N")[..8]}";
            var started = _timeProvider.GetTimestamp();
            try
            {
                await sftp.UploadFileAsync(local, temporary, cancellationToken).ConfigureAwait(false);
                // posix-rename@openssh.com replaces an existing target atomically; plain SFTP rename would refuse.
                await Task.Run(() => sftp.RenameFile(temporary, remotePath, isPosix: true), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SshException or IOException or InvalidOperationException)
            {
                TryDelete(sftp, temporary);
                throw new RemoteShellException(host, $"Uploading {localPath} to {endpoint}:{remotePath} failed: {ex.Message}", ex);
            }
            catch (OperationCanceledException)
            {
                TryDelete(sftp, temporary);
                throw;
            }
            _logger.LogInformation("Uploaded {LocalPath} ({Bytes} bytes) to {Endpoint}:{RemotePath} in {Duration}",
                localPath, local.Length, endpoint, remotePath, _timeProvider.GetElapsedTime(started));
        }
    }

    private void TryDelete(Renci.SshNet.SftpClient sftp, string path)
    {
        try
        {
            if (sftp.IsConnected && sftp.Exists(path))
            {
                sftp.DeleteFile(path);
            }
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Could not remove the partial upload {RemotePath}", path);
        }
    }
}
