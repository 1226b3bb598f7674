namespace DockerBuild.Graph.Logging;

/// <summary>Replaces every known secret value in text with asterisks.</summary>
public sealed class SecretMasker
{
    public const string Mask = "****";
    private readonly object _gate = new();
    private string[] _secrets = [];

    public void Add(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
            return;
        lock (_gate)
        {
            // Longest first, so a secret containing another is masked whole.
            _secrets = _secrets.Append(secret).Distinct().OrderByDescending(s => s.Length).ToArray();
        }
    }

    public string Apply(string text)
    {
        var secrets = _secrets;
        foreach (var secret in secrets)
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }
}
