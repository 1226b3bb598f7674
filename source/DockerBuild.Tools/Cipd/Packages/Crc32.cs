namespace DockerBuild.Tools.Cipd.Packages;

/// <summary>The CRC-32 (IEEE 802.3, reflected 0xEDB88320) that zip records for every entry.</summary>
internal sealed class Crc32
{
    private static readonly uint[] Table = BuildTable();
    private uint _state = 0xFFFFFFFF;

    public uint Value => ~_state;

    public void Append(ReadOnlySpan<byte> data)
    {
        var state = _state;
        foreach (var b in data) state = Table[(state ^ b) & 0xFF] ^ (state >> 8);
        _state = state;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
