# Intune custom compliance discovery script (Windows): runs Readiness's machine checks and
# returns compact JSON with two settings per check: <id> (its status, for reports) and
# <id>_verdict ("ok" or "not_ok", the one rules-windows.json requires to be "ok").
# Only machine checks are reported; the practitioner's own answers never leave the device.
# Intune runs this as SYSTEM: per-user settings (the screen lock) may read as "unknown",
# whose verdict is "not_ok", never a pass.
$ErrorActionPreference = 'Stop'
$candidates = @(
    (Join-Path $env:ProgramFiles 'Readiness\readiness-cli.exe'),
    (Join-Path ${env:ProgramFiles(x86)} 'Readiness\readiness-cli.exe')
)
$cli = $candidates | Where-Object { $_ -and (Test-Path -LiteralPath $_) } | Select-Object -First 1
if (-not $cli) {
    # Not installed per machine: report nothing rather than something false.
    return (@{ readiness_installed = 'no' } | ConvertTo-Json -Compress)
}
# The exit status says whether a check failed; the output is what Intune needs.
$output = & $cli check --format intune 2>$null
$text = ($output | Out-String).Trim()
try {
    $null = $text | ConvertFrom-Json
} catch {
    return (@{ readiness_installed = 'yes'; readiness_error = 'unreadable output' } | ConvertTo-Json -Compress)
}
return $text
