using System.Text;

namespace DockerBuild.Graph.Logging;

/// <summary>
/// Writes through to another writer a line at a time, with secrets masked. Buffering by line keeps a secret that
/// arrives in several Write calls from slipping through.
/// </summary>
public sealed class MaskingTextWriter(TextWriter inner, SecretMasker masker) : TextWriter
{
    private readonly StringBuilder _line = new();
    private readonly object _gate = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        lock (_gate)
        {
            _line.Append(value);
            if (value == '\n')
                FlushLine();
        }
    }

    public override void Write(string? value)
    {
        if (value == null)
            return;
        lock (_gate)
        {
            var start = 0;
            int newline;
            while ((newline = value.IndexOf('\n', start)) >= 0)
            {
                _line.Append(value, start, newline - start + 1);
                FlushLine();
                start = newline + 1;
            }
            _line.Append(value, start, value.Length - start);
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Flush()
    {
        lock (_gate)
        {
            if (_line.Length > 0)
                FlushLine();
            inner.Flush();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Flush();
        base.Dispose(disposing);
    }

    private void FlushLine()
    {
        inner.Write(masker.Apply(_line.ToString()));
        _line.Clear();
    }
}
