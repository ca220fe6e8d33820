<#
.SYNOPSIS
Builds the Windows installer: frozen bundle -> signed executables -> Inno Setup installer ->
signed installer.

.DESCRIPTION
Run from any folder, with Python 3.11 and the build tools installed:
    py -3.11 -m venv .venv
    .venv\Scripts\python -m pip install -e ".[package]"
    powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 -Python .venv\Scripts\python.exe

Needs Inno Setup 6 (ISCC.exe; https://jrsoftware.org/isdl.php or `choco install innosetup`).
Output: dist\readiness\ (the bundle) and dist\Readiness-<version>-Setup.exe.

Code signing happens only when a certificate is configured, through either
  READINESS_SIGN_CERT_SHA1     thumbprint of a code-signing certificate in the certificate store
                               (a hardware token or cloud HSM appears here too), or
  READINESS_SIGN_PFX           path to a .pfx file, with READINESS_SIGN_PFX_PASSWORD;
and optionally READINESS_SIGN_TIMESTAMP_URL (an RFC 3161 timestamp service; default DigiCert's).
Each file is signed with `signtool sign` and then checked with `signtool verify /pa`; a failed
verification stops the build. With no certificate configured, signing is skipped with a notice
and the installer is left unsigned (Windows SmartScreen will warn users about it).
#>
[CmdletBinding()]
param(
    [string]$Python = "python",
    [switch]$SkipBundle
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Root

function Invoke-Checked {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe exited with $LASTEXITCODE" }
}

# The version comes from one place: readiness.__version__.
$Version = (& $Python -c "import readiness; print(readiness.__version__)").Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "cannot read readiness.__version__" }
Write-Host "Readiness $Version"

if (-not $SkipBundle) {
    Invoke-Checked $Python @("-m", "PyInstaller", "--noconfirm", "--clean", "--distpath", "dist",
        "--workpath", "build\pyinstaller", "packaging\pyinstaller\readiness.spec")
}
$Bundle = Join-Path $Root "dist\readiness"
$Gui = Join-Path $Bundle "Readiness.exe"
$Cli = Join-Path $Bundle "readiness-cli.exe"

# Smoke test before anything is signed or packed.
$Reported = (& $Cli --version | Out-String).Trim()
if ($Reported -ne "readiness $Version") { throw "frozen app reports '$Reported', expected $Version" }

function Find-Tool {
    param([string]$Name, [string[]]$Candidates)
    $cmd = Get-Command $Name -ErrorAction SilentlyContinue
    if ($cmd) { return $cmd.Source }
    foreach ($pattern in $Candidates) {
        $found = Get-ChildItem -Path $pattern -ErrorAction SilentlyContinue |
            Sort-Object FullName -Descending | Select-Object -First 1
        if ($found) { return $found.FullName }
    }
    return $null
}

function Invoke-CodeSign {
    param([string[]]$Files)
    $thumb = $env:READINESS_SIGN_CERT_SHA1
    $pfx = $env:READINESS_SIGN_PFX
    if (-not $thumb -and -not $pfx) {
        Write-Host "No code-signing certificate configured (READINESS_SIGN_CERT_SHA1 or READINESS_SIGN_PFX): not signing $($Files.Count) file(s)."
        return
    }
    $signtool = Find-Tool "signtool.exe" @(
        "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe",
        "${env:ProgramFiles}\Windows Kits\10\bin\*\x64\signtool.exe")
    if (-not $signtool) { throw "signtool.exe not found (install the Windows SDK)" }
    $timestamp = $env:READINESS_SIGN_TIMESTAMP_URL
    if (-not $timestamp) { $timestamp = "http://timestamp.digicert.com" }
    $arguments = @("sign", "/fd", "SHA256", "/td", "SHA256", "/tr", $timestamp, "/d", "Readiness")
    if ($thumb) {
        $arguments += @("/sha1", $thumb)
    } else {
        $arguments += @("/f", $pfx)
        if ($env:READINESS_SIGN_PFX_PASSWORD) { $arguments += @("/p", $env:READINESS_SIGN_PFX_PASSWORD) }
    }
    Invoke-Checked $signtool ($arguments + $Files)
    # A signature that does not verify against the Windows trust policy is a failed build.
    Invoke-Checked $signtool (@("verify", "/pa", "/all") + $Files)
}

Invoke-CodeSign @($Gui, $Cli)

$Iscc = Find-Tool "ISCC.exe" @(
    "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
    "${env:ProgramFiles}\Inno Setup 6\ISCC.exe",
    "${env:LOCALAPPDATA}\Programs\Inno Setup 6\ISCC.exe")
if (-not $Iscc) { throw "Inno Setup 6 (ISCC.exe) not found: https://jrsoftware.org/isdl.php" }
Invoke-Checked $Iscc @("/Qp", "/DAppVersion=$Version", (Join-Path $Root "packaging\windows\readiness.iss"))

$Installer = Join-Path $Root "dist\Readiness-$Version-Setup.exe"
if (-not (Test-Path $Installer)) { throw "Inno Setup did not write $Installer" }
Invoke-CodeSign @($Installer)
Write-Host "Built $Installer"
