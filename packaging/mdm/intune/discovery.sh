#!/bin/sh
# Intune custom compliance discovery script (Linux desktops: Ubuntu, RHEL): runs Readiness's
# machine checks and prints compact JSON with two settings per check: <id> (its status, for
# reports) and <id>_verdict ("ok" or "not_ok", the one rules-linux.json requires to be "ok").
# Only machine checks are reported; the practitioner's answers never leave the device.
set -u
cli=/usr/bin/readiness
if [ ! -x "$cli" ]; then
    printf '{"readiness_installed":"no"}\n'
    exit 0
fi
# The exit status says whether a check failed; the output is what Intune needs.
out=$("$cli" check --format intune 2>/dev/null)
case "$out" in
    "{"*"}") printf '%s\n' "$out" ;;
    *) printf '{"readiness_installed":"yes","readiness_error":"unreadable output"}\n' ;;
esac
exit 0
