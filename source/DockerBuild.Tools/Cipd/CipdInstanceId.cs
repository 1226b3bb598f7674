using System.Security.Cryptography;

namespace DockerBuild.Tools.Cipd;

/// <summary>The hash algorithms CIPD knows, numbered as in its wire protocol (the number is the last byte of an ID).</summary>
public enum CipdHashAlgorithm : byte
{
    Sha1 = 1,
    Sha256 = 2,
}

/// <summary>
/// A CIPD instance ID: the hash of a whole package file. SHA-256 IDs are the unpadded URL-safe base64 of the digest
/// followed by the algorithm byte (44 characters, the last one 'C'); legacy SHA-1 IDs are 40 lowercase hex digits.
/// </summary>
public sealed class CipdInstanceId : IEquatable<CipdInstanceId>
{
    private readonly byte[] _digest;

    private CipdInstanceId(CipdHashAlgorithm algorithm, byte[] digest, string text)
    {
        Algorithm = algorithm;
        _digest = digest;
        Value = text;
    }

    public CipdHashAlgorithm Algorithm { get; }

    /// <summary>The textual form used everywhere (command lines, ensure files, the store).</summary>
    public string Value { get; }

    public ReadOnlySpan<byte> Digest => _digest;

    public string HexDigest => Convert.ToHexStringLower(_digest);

    /// <summary>The ID of a digest, in the form CIPD uses for its algorithm.</summary>
    public static CipdInstanceId FromDigest(CipdHashAlgorithm algorithm, ReadOnlySpan<byte> digest)
    {
        var expected = DigestLength(algorithm);
        if (digest.Length != expected)
            throw new ArgumentException($"a {algorithm} digest has {expected} bytes, got {digest.Length}", nameof(digest));
        var copy = digest.ToArray();
        if (algorithm == CipdHashAlgorithm.Sha1) return new CipdInstanceId(algorithm, copy, Convert.ToHexStringLower(copy));
        var blob = new byte[copy.Length + 1];
        copy.CopyTo(blob, 0);
        blob[^1] = (byte)algorithm;
        return new CipdInstanceId(algorithm, copy, Base64Url.Encode(blob));
    }

    /// <summary>Hashes a whole package file (SHA-256 unless told otherwise).</summary>
    public static async Task<CipdInstanceId> ComputeAsync(Stream content, CipdHashAlgorithm algorithm = CipdHashAlgorithm.Sha256, CancellationToken cancellationToken = default)
    {
        using var hash = CreateHash(algorithm);
        var digest = await hash.ComputeHashAsync(content, cancellationToken);
        return FromDigest(algorithm, digest);
    }

    /// <summary>Hashes a package file on disk.</summary>
    public static async Task<CipdInstanceId> ComputeFileAsync(string file, CipdHashAlgorithm algorithm = CipdHashAlgorithm.Sha256, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return await ComputeAsync(stream, algorithm, cancellationToken);
    }

    /// <summary>Parses an ID; throws <see cref="CipdValidationException"/> naming the value and the rule it broke.</summary>
    public static CipdInstanceId Parse(string text)
    {
        var error = TryParse(text, out var id);
        return error is null ? id! : throw new CipdValidationException(error);
    }

    /// <summary>Null when <paramref name="text"/> is a valid ID, else a message naming it and the broken rule.</summary>
    public static string? Validate(string text) => TryParse(text, out _);

    /// <summary>True when <paramref name="text"/> is a syntactically valid ID of a known algorithm.</summary>
    public static bool IsValid(string text) => TryParse(text, out _) is null;

    /// <summary>Whether <paramref name="content"/> hashes to this ID (with this ID's algorithm).</summary>
    public async Task<bool> MatchesAsync(Stream content, CancellationToken cancellationToken = default) =>
        Equals(await ComputeAsync(content, Algorithm, cancellationToken));

    private static string? TryParse(string? text, out CipdInstanceId? id)
    {
        id = null;
        string Bad(string why) => $"not a valid package instance ID \"{text}\": {why}";
        if (string.IsNullOrEmpty(text)) return Bad("it is empty (expected 44 base64url characters for SHA-256 or 40 lowercase hex digits for legacy SHA-1)");
        if (text.Length == 40)
        {
            var wrong = text.FirstOrDefault(c => !(c is >= '0' and <= '9' or >= 'a' and <= 'f'));
            if (wrong != default) return Bad($"a 40-character (legacy SHA-1) ID must be lowercase hex, found '{wrong}'");
            id = new CipdInstanceId(CipdHashAlgorithm.Sha1, Convert.FromHexString(text), text);
            return null;
        }
        if (text.Length < 28) return Bad("too short for an encoded digest");
        var invalid = text.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
        if (invalid != default) return Bad($"character '{invalid}' is outside the unpadded URL-safe base64 alphabet [A-Za-z0-9_-]");
        if (text.Length % 4 == 1) return Bad("its length is not a valid unpadded base64 length");
        byte[] blob;
        try { blob = Base64Url.Decode(text); }
        catch (FormatException e) { return Bad($"cannot base64 decode: {e.Message}"); }
        if (blob.Length % 2 != 1) return Bad("the digest length is odd");
        var algorithm = blob[^1];
        if (algorithm == 0) return Bad("unspecified hash algorithm (0)");
        if (algorithm != (byte)CipdHashAlgorithm.Sha256 && algorithm != (byte)CipdHashAlgorithm.Sha1)
            return Bad($"unsupported hash algorithm #{algorithm} (known: 1 = SHA-1, 2 = SHA-256)");
        var digest = blob[..^1];
        if (digest.Length != DigestLength((CipdHashAlgorithm)algorithm))
            return Bad($"wrong digest length {digest.Length} for {(CipdHashAlgorithm)algorithm}");
        // Only the canonical encoding is accepted: otherwise two strings would name one instance.
        if (Base64Url.Encode(blob) != text) return Bad("not the canonical encoding of its digest");
        id = new CipdInstanceId((CipdHashAlgorithm)algorithm, digest, text);
        return null;
    }

    internal static HashAlgorithm CreateHash(CipdHashAlgorithm algorithm) => algorithm switch
    {
        CipdHashAlgorithm.Sha256 => SHA256.Create(),
        CipdHashAlgorithm.Sha1 => SHA1.Create(),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown CIPD hash algorithm"),
    };

    private static int DigestLength(CipdHashAlgorithm algorithm) => algorithm switch
    {
        CipdHashAlgorithm.Sha256 => 32,
        CipdHashAlgorithm.Sha1 => 20,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown CIPD hash algorithm"),
    };

    public bool Equals(CipdInstanceId? other) => other is not null && Value == other.Value;
    public override bool Equals(object? obj) => obj is CipdInstanceId other && Equals(other);
    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => Value;

    /// <summary>Unpadded URL-safe base64 (RFC 4648 §5 without '=').</summary>
    private static class Base64Url
    {
        public static string Encode(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static byte[] Decode(string text)
        {
            var standard = text.Replace('-', '+').Replace('_', '/');
            return Convert.FromBase64String(standard + new string('=', (4 - standard.Length % 4) % 4));
        }
    }
}
