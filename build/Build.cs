// Placeholder until the graph engine lands; fails loudly rather than pretending to work.
public static class Build
{
    public static int Main()
    {
        System.Console.Error.WriteLine("error: the build graph is not available yet in this revision.");
        return 1;
    }
}
