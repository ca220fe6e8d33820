#!/bin/sh
# Jamf Pro extension attribute (macOS): the verdict over Readiness's machine checks, then each
# one that is not a pass as id=status, e.g. "<result>Not ready: firewall_on=fail</result>".
# Only machine checks are reported; the practitioner's answers never leave the Mac.
cli=/Applications/Readiness.app/Contents/MacOS/Readiness
if [ ! -x "$cli" ]; then
    echo "<result>Not installed</result>"
    exit 0
fi
out=$("$cli" check --format jamf 2>/dev/null)
case "$out" in
    "<result>"*"</result>") echo "$out" ;;
    *) echo "<result>Unknown: unreadable output</result>" ;;
esac
exit 0
