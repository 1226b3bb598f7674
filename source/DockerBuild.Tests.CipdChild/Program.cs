using DockerBuild.Tools.Cipd;

// Usage: <store-root> <package-file> <tag-prefix> <rounds>
// Each round registers the file, attaches "<tag-prefix>:<round>" and moves the ref "<tag-prefix>" to it,
// so two processes given the same store interleave their writes under the store lock.
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: <store-root> <package-file> <tag-prefix> <rounds>");
    return 2;
}
var repository = new LocalCipdRepository(args[0]) { WaitMessages = Console.Out };
var rounds = int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture);
CipdPin? pin = null;
for (var round = 0; round < rounds; round++)
{
    pin = await repository.RegisterAsync(args[1]);
    await repository.SetTagsAsync(pin, [$"{args[2]}:{round}"]);
    await repository.SetRefAsync(pin, args[2]);
}
Console.WriteLine(pin);
return 0;
