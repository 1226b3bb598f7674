using NUnit.Framework;
using DockerBuild.Tests.Cipd;
using DockerBuild.Tools.Elf;

namespace DockerBuild.Tests.WheelPolicy;

/// <summary>
/// The ELF reader against real shared objects from the native and cross compilers, with binutils readelf as the
/// oracle: needed libraries, soname, rpath/runpath and every required symbol version, for each class and byte order.
/// </summary>
[TestFixture]
[Category("WheelPolicy")]
public sealed class ElfReaderTests
{
    private TemporaryDirectory _scratch = null!;

    [OneTimeSetUp] public void CreateScratch() => _scratch = new TemporaryDirectory();
    [OneTimeTearDown] public void RemoveScratch() => _scratch.Dispose();

    [TestCase("x86_64", ElfMachine.X86_64, true, false)]
    [TestCase("i686", ElfMachine.I386, false, false)]
    [TestCase("aarch64", ElfMachine.AArch64, true, false)]
    [TestCase("armv7l", ElfMachine.Arm, false, false)]
    [TestCase("ppc64le", ElfMachine.Ppc64, true, false)]
    [TestCase("s390x", ElfMachine.S390, true, true)]
    public async Task ReadsWhatReadelfReads(string architecture, ElfMachine machine, bool is64, bool bigEndian)
    {
        var so = await NativeToolchain.SharedObjectAsync(architecture, NativeToolchain.GlibcUser, _scratch[$"{architecture}/libuser.so.3"],
            "-Wl,-soname,libuser.so.3", "-Wl,--disable-new-dtags", "-Wl,-rpath,$ORIGIN/../lib:/opt/x", "-lm");

        var elf = ElfReader.Read(so);

        Assert.That(elf.KnownMachine, Is.EqualTo(machine));
        Assert.That(elf.Is64Bit, Is.EqualTo(is64));
        Assert.That(elf.IsBigEndian, Is.EqualTo(bigEndian));
        Assert.That(elf.UnameMachine, Is.EqualTo(architecture));
        Assert.That(elf.SoName, Is.EqualTo("libuser.so.3"));
        Assert.That(elf.Needed, Is.EqualTo(await NativeToolchain.DynamicAsync(so, "NEEDED")));
        Assert.That(elf.RPath, Is.EqualTo(new[] { "$ORIGIN/../lib", "/opt/x" }));
        Assert.That(elf.RunPath, Is.Empty);
        var oracle = await NativeToolchain.VersionNeedsAsync(so);
        Assert.That(oracle, Is.Not.Empty, "readelf found no version needs; the oracle is not looking at the right section");
        Assert.That(elf.AllRequiredVersions.OrderBy(v => v.Library).ThenBy(v => v.Version), Is.EqualTo(oracle.OrderBy(v => v.Library).ThenBy(v => v.Version)));
        Assert.That(elf.HighestGlibc, Is.EqualTo(new Version(2, 25)), "getrandom is GLIBC_2.25 on every architecture");
        Assert.That(elf.ImportedSymbols, Has.Some.EqualTo(new ImportedSymbol("getrandom", "GLIBC_2.25", "libc.so.6")));
    }

    [Test]
    public async Task ReadsRunPathSeparatelyFromRPath()
    {
        var so = await NativeToolchain.SharedObjectAsync("aarch64", NativeToolchain.MemcpyUser, _scratch["runpath/libr.so"], "-Wl,--enable-new-dtags", "-Wl,-rpath,$ORIGIN");

        var elf = ElfReader.Read(so);

        Assert.That(elf.RunPath, Is.EqualTo(await NativeToolchain.DynamicAsync(so, "RUNPATH")).And.EqualTo(new[] { "$ORIGIN" }));
        Assert.That(elf.RPath, Is.Empty);
        Assert.That(elf.HighestGlibc, Is.EqualTo(new Version(2, 17)), "aarch64 glibc starts at 2.17");
    }

    [TestCase("armv7l", ArmFloatAbi.Hard)]
    [TestCase("aarch64", ArmFloatAbi.NotArm)]
    public async Task ReportsTheArmFloatAbi(string architecture, ArmFloatAbi expected)
    {
        var so = await NativeToolchain.SharedObjectAsync(architecture, NativeToolchain.MemcpyUser, _scratch[$"float/{architecture}.so"]);

        var elf = ElfReader.Read(so);

        Assert.That(elf.ArmFloatAbi, Is.EqualTo(expected));
        if (expected == ArmFloatAbi.Hard)
        {
            Assert.That(elf.ArmEabiVersion, Is.EqualTo(5));
            Assert.That(await NativeToolchain.ReadElfAsync("-h", so), Does.Contain("hard-float ABI"));
        }
    }

    [Test]
    public async Task ATruncatedFileIsRefusedNamingIt()
    {
        var so = await NativeToolchain.SharedObjectAsync("x86_64", NativeToolchain.GlibcUser, _scratch["bad/truncated.so"]);
        var bytes = await File.ReadAllBytesAsync(so);

        foreach (var length in new[] { 0, 3, 16, 40, 64, bytes.Length / 2, bytes.Length - 1 })
        {
            var error = Assert.Throws<ElfFormatException>(() => ElfReader.Read("cut.so", bytes[..length]), $"cut at {length}");
            Assert.That(error!.Message, Does.Contain("'cut.so'"));
        }
    }

    [Test]
    public async Task HostileHeaderAndSectionValuesAreRefused()
    {
        var so = await NativeToolchain.SharedObjectAsync("x86_64", NativeToolchain.GlibcUser, _scratch["bad/hostile.so"]);
        var original = await File.ReadAllBytesAsync(so);

        var farSections = (byte[])original.Clone();
        BitConverter.GetBytes(ulong.MaxValue - 10).CopyTo(farSections, 40); // e_shoff
        Assert.That(Assert.Throws<ElfFormatException>(() => ElfReader.Read("far.so", farSections))!.Message, Does.Contain("section header table"));

        var badClass = (byte[])original.Clone();
        badClass[4] = 9;
        Assert.That(Assert.Throws<ElfFormatException>(() => ElfReader.Read("class.so", badClass))!.Message, Does.Contain("EI_CLASS is 9"));

        var garbage = new byte[4096];
        new Random(42).NextBytes(garbage);
        Assert.Throws<ElfFormatException>(() => ElfReader.Read("garbage.so", garbage));
    }

    [Test]
    public async Task AVersionNeedChainRunningPastItsSectionEndsWithAnError()
    {
        var so = await NativeToolchain.SharedObjectAsync("x86_64", NativeToolchain.GlibcUser, _scratch["bad/chain.so"]);
        var bytes = await File.ReadAllBytesAsync(so);
        var offset = await SectionOffsetAsync(so, ".gnu.version_r");

        // vn_cnt claims 65535 auxiliary records and every vna_next says "another one follows".
        var count = BitConverter.ToUInt16(bytes, offset + 2);
        var aux = offset + (int)BitConverter.ToUInt32(bytes, offset + 8);
        for (var k = 0; k < count; k++, aux += 16) BitConverter.GetBytes(16u).CopyTo(bytes, aux + 12);
        BitConverter.GetBytes((ushort)0xffff).CopyTo(bytes, offset + 2);

        var error = Assert.Throws<ElfFormatException>(() => ElfReader.Read("chain.so", bytes));
        Assert.That(error!.Message, Does.Contain("'chain.so'").And.Contain(".gnu.version_r"));
    }

    [Test]
    public async Task ADynamicObjectWithoutSectionHeadersIsRefusedNotPassed()
    {
        var so = await NativeToolchain.SharedObjectAsync("x86_64", NativeToolchain.GlibcUser, _scratch["bad/sstripped.so"]);
        var bytes = await File.ReadAllBytesAsync(so);
        BitConverter.GetBytes(0UL).CopyTo(bytes, 40); // e_shoff
        BitConverter.GetBytes((ushort)0).CopyTo(bytes, 60); // e_shnum

        var error = Assert.Throws<ElfFormatException>(() => ElfReader.Read("sstripped.so", bytes));

        Assert.That(error!.Message, Does.Contain("dependencies cannot be checked"));
    }

    [Test]
    public async Task AStaticExecutableNeedsNothing()
    {
        var program = await NativeToolchain.ExecutableAsync("x86_64", "int main(void) { return 0; }", _scratch["static/main"], "-static");

        var elf = ElfReader.Read(program);

        Assert.That(elf.Needed, Is.Empty);
        Assert.That(elf.VersionRequirements, Is.Empty);
    }

    [Test]
    public async Task RandomCorruptionNeverCrashesTheReader()
    {
        var so = await NativeToolchain.SharedObjectAsync("s390x", NativeToolchain.GlibcUser, _scratch["bad/fuzz.so"], "-Wl,-soname,libfuzz.so.1");
        var original = await File.ReadAllBytesAsync(so);
        var random = new Random(600);
        var refused = 0;

        for (var round = 0; round < 3000; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 8); flips > 0; flips--)
                bytes[random.Next(16, Math.Min(bytes.Length, 4096))] = (byte)random.Next(256);
            try { ElfReader.Read("fuzz.so", bytes); }
            catch (ElfFormatException) { refused++; }
        }

        Assert.That(refused, Is.GreaterThan(0), "some corruptions must be detected");
    }

    private static async Task<int> SectionOffsetAsync(string file, string section)
    {
        var line = (await NativeToolchain.ReadElfAsync("-S", file)).Split('\n').Single(l => l.Contains($" {section} ", StringComparison.Ordinal));
        var fields = line[(line.IndexOf(section, StringComparison.Ordinal) + section.Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return Convert.ToInt32(fields[2], 16); // Type, Address, Off
    }
}
