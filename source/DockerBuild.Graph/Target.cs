namespace DockerBuild.Graph;

/// <summary>
/// A target of the build graph, declared as a property <c>Target X =&gt; _ =&gt; _.DependsOn(Y).Executes(...)</c>.
/// The engine hands the delegate a fresh definition and reads back what it declared.
/// </summary>
public delegate ITargetDefinition Target(ITargetDefinition _);
