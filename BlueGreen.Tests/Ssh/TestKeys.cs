namespace BlueGreen.Tests.Ssh;

/// <summary>Public test keys made once with ssh-keygen, with the fingerprints ssh-keygen printed for them.</summary>
public static class TestKeys
{
    /// <summary><c>ssh-keygen -t ed25519</c>; fingerprint <see cref="Ed25519Fingerprint"/>.</summary>
    public const string Ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFCvdqrva/gjbqiYOhSVnFuqjOpE/tLvkHlju/7KoRiI";

    /// <summary><c>ssh-keygen -lf</c> of <see cref="Ed25519"/>.</summary>
    public const string Ed25519Fingerprint = "SHA256:6j+RmIhuSLKtS5z96EQss8qlFhSz6ZwQOSQuAtKLYk8";

    /// <summary>Another ed25519 key, for "changed key" cases.</summary>
    public const string OtherEd25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICL9SSf5la/iX1S9ZoITB1AosBgKyF/txXJNp5rP7LFD";

    /// <summary><c>ssh-keygen -lf</c> of <see cref="OtherEd25519"/>.</summary>
    public const string OtherEd25519Fingerprint = "SHA256:zf1geXt2yVeGe2svXk9a2q4PyB88Fh87oKbDawyliR4";

    /// <summary><c>ssh-keygen -t rsa -b 2048</c>; fingerprint <see cref="RsaFingerprint"/>.</summary>
    public const string Rsa = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDaIOQue7oC2A69l/lMa1jYux/38MPbl3mg72l4afGyfSW/QoasCvni75Mlcib7yGAPzebJfgBLGZqH/qhakBoBo3jc4jVqVClqlHbv0GmxUDAxR1mT4ISSnJ+nYfjoGbJre1hDNNTVbpx5b9zMKplRSY6Gz8FQqF1OZ2ribORn+IKGwc0f55B2MMc8H41pHEbOKLwBmdVT/F76Hk3jlhxz7wyeIZz9irsUB60xW0VaptbRQTtRVnU4uswsS95LgM47yx/jN5jBbQxkWJrc2HLy7IAQMHdpfwhpjeKT5DxTvR1grtymhVjbsq+zxDatKMS3UXtzjkPWpShSa6PxKpJJ";

    /// <summary><c>ssh-keygen -lf</c> of <see cref="Rsa"/>.</summary>
    public const string RsaFingerprint = "SHA256:a75bcVSh/H+NsYGbLHMu706yVSdcq0vp5WFwrGF/ujA";

    /// <summary><c>ssh-keygen -H</c> of "[10.0.0.5]:2222 <see cref="Ed25519"/>" and "web1.example.com <see cref="Ed25519"/>".</summary>
    public const string HashedKnownHosts = """
        |1|eXFwKDa+KQM4GNzGzVkAf4YtkvY=|5LTEbHNjrQ2++kuxV9LxbhxiAoM= ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFCvdqrva/gjbqiYOhSVnFuqjOpE/tLvkHlju/7KoRiI
        |1|Q2uzwvW+N5kL84kP376fA/miMZs=|5IbUJbK0Mqu5c6G3YuDFDdaJDKk= ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFCvdqrva/gjbqiYOhSVnFuqjOpE/tLvkHlju/7KoRiI
        """;

    /// <summary>The key blob of a <c>type base64</c> public key line.</summary>
    public static byte[] Blob(string publicKey) => Convert.FromBase64String(publicKey.Split(' ')[1]);
}
