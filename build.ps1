#!/usr/bin/env pwsh
# Bootstrap: find dotnet, build build/_build.csproj when its inputs changed, run it with the arguments.
[CmdletBinding()]
Param([Parameter(Position = 0, Mandatory = $false, ValueFromRemainingArguments = $true)][string[]]$BuildArguments)

Set-StrictMode -Version 2.0
$ErrorActionPreference = "Stop"

$Root = $PSScriptRoot
$Project = Join-Path $Root "build/_build.csproj"
$Out = Join-Path $Root "build/bin"
$Dll = Join-Path $Out "_build.dll"
$Stamp = Join-Path $Out ".inputs"

$env:DOTNET_CLI_TELEMETRY_OPTOUT = 1
$env:DOTNET_NOLOGO = 1
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = 1
$env:DOTNET_ROLL_FORWARD = "Major"

function Find-Dotnet {
    if ($env:DOTNET_EXE -and (Test-Path $env:DOTNET_EXE)) { return $env:DOTNET_EXE }
    $cmd = Get-Command dotnet -ErrorAction SilentlyContinue
    if ($cmd) { return $cmd.Source }
    foreach ($candidate in @((Join-Path $HOME ".dotnet/dotnet"), "/usr/share/dotnet/dotnet", "C:\Program Files\dotnet\dotnet.exe")) {
        if (Test-Path $candidate) { return $candidate }
    }
    Write-Error ("the .NET SDK 10 was not found. Install it from https://dotnet.microsoft.com/download " +
                 "(or your package manager), or set DOTNET_EXE to an existing dotnet executable, then run this script again.")
}

$Dotnet = Find-Dotnet

# Rebuild only when a file the build project is made from changed.
$dirs = @("build", "source/DockerBuild", "source/DockerBuild.Graph", "source/DockerBuild.Tools") | ForEach-Object { Join-Path $Root $_ }
$files = Get-ChildItem -Path $dirs -Recurse -File -Include *.cs, *.csproj, *.props |
    Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' }
$files += Get-Item (Join-Path $Root "Directory.Build.props"), (Join-Path $Root "Directory.Packages.props")
$lines = $files | Sort-Object FullName | ForEach-Object { "$($_.FullName) $($_.LastWriteTimeUtc.Ticks) $($_.Length)" }
$sha = [System.Security.Cryptography.SHA256]::Create()
$Fingerprint = [System.BitConverter]::ToString($sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes(($lines -join "`n")))).Replace("-", "")

if (-not (Test-Path $Dll) -or -not (Test-Path $Stamp) -or ((Get-Content $Stamp -Raw).Trim() -ne $Fingerprint)) {
    $log = Join-Path $Root "build/.build.log"
    & $Dotnet build $Project -c Release -o $Out --nologo -v quiet "-clp:ErrorsOnly" *> $log
    if ($LASTEXITCODE -ne 0) {
        Get-Content $log | Write-Host
        Write-Error "building the build project failed (log: build/.build.log)"
    }
    Set-Content -Path $Stamp -Value $Fingerprint
}

# Whether an argument is the --root option in any spelling the build accepts: --root DIR, --root=DIR, --Root DIR
# (option names are compared without case and without their dashes).
function Test-RootOption([string]$Argument) {
    if (-not $Argument.StartsWith("--")) { return $false }
    $name = ($Argument -split "=", 2)[0].ToLowerInvariant() -replace "[^a-z0-9]", ""
    return $name -eq "root"
}

# --root goes after the user's targets and options but before a bare "--" (the rest is the command for Run).
# A --root of the user's wins: two would be refused.
$before = @(); $after = @(); $seenDashes = $false; $hasRoot = $false
foreach ($arg in @($BuildArguments)) {
    if (-not $seenDashes -and $arg -eq "--") { $seenDashes = $true }
    if ($seenDashes) { $after += $arg } else { $before += $arg; if (Test-RootOption $arg) { $hasRoot = $true } }
}
if (-not $hasRoot) { $before += @("--root", $Root) }
& $Dotnet $Dll @before @after
exit $LASTEXITCODE
