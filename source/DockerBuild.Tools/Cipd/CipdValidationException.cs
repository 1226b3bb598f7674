namespace DockerBuild.Tools.Cipd;

/// <summary>A package name, tag, ref, version or instance ID that breaks CIPD's rules; the message names both.</summary>
public sealed class CipdValidationException(string message) : ArgumentException(message);

/// <summary>A store operation that cannot be done as asked (unknown instance, ambiguous tag, mismatching ID, corrupt file).</summary>
public sealed class CipdStoreException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
