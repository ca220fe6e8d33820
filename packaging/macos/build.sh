#!/usr/bin/env bash
# Builds the macOS disk image: frozen Readiness.app -> signed app -> .dmg -> signed, notarised
# and stapled .dmg. Run from anywhere on a Mac with Python 3.11 and the build tools:
#     python3.11 -m venv .venv && .venv/bin/pip install -e '.[package]'
#     PYTHON=.venv/bin/python packaging/macos/build.sh
# Output: dist/Readiness.app and dist/Readiness-<version>.dmg (and, with READINESS_MACOS_PKG=1,
# as CI sets, an installer package for device managers: dist/Readiness-<version>.pkg when
# signed, dist/Readiness-<version>-unsigned.pkg when not; see docs/for-services.md).
#
# Signing runs only when an identity is configured (otherwise each step says it is skipped and
# the app keeps PyInstaller's ad-hoc signature, which Gatekeeper will question on first open):
#   READINESS_MACOS_IDENTITY   "Developer ID Application: Name (TEAMID)" in the login keychain
#   READINESS_MACOS_INSTALLER_IDENTITY
#                              "Developer ID Installer: Name (TEAMID)", for the .pkg
# Notarisation additionally needs either
#   READINESS_NOTARY_PROFILE   a keychain profile saved with `xcrun notarytool store-credentials`
# or all of
#   READINESS_NOTARY_APPLE_ID, READINESS_NOTARY_TEAM_ID, READINESS_NOTARY_PASSWORD
#                              (an app-specific password).
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-python3}
ENTITLEMENTS=packaging/macos/entitlements.plist
APP=dist/Readiness.app

VERSION=$("$PYTHON" -c 'import readiness; print(readiness.__version__)')
DMG="dist/Readiness-${VERSION}.dmg"
echo "Readiness ${VERSION}"

if [ "${SKIP_BUNDLE:-0}" != 1 ]; then
  "$PYTHON" -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller \
    packaging/pyinstaller/readiness.spec
fi

# Smoke test, and the version in Info.plist must be the package's.
reported=$("$APP/Contents/MacOS/Readiness" --version)
[ "$reported" = "readiness ${VERSION}" ] || { echo "frozen app reports '$reported'" >&2; exit 1; }
plist_version=$(/usr/libexec/PlistBuddy -c 'Print :CFBundleShortVersionString' "$APP/Contents/Info.plist")
[ "$plist_version" = "$VERSION" ] || { echo "Info.plist says $plist_version" >&2; exit 1; }

IDENTITY=${READINESS_MACOS_IDENTITY:-}
if [ -n "$IDENTITY" ]; then
  echo "Signing with: $IDENTITY"
  # Inside out: every Mach-O file first, then the bundle. --deep is not used on purpose: it
  # signs in the wrong order and skips entitlements on nested code.
  while IFS= read -r -d '' f; do
    if file -b "$f" | grep -q 'Mach-O'; then
      codesign --force --timestamp --options runtime --sign "$IDENTITY" "$f"
    fi
  done < <(find "$APP/Contents" -type f -print0)
  codesign --force --timestamp --options runtime --entitlements "$ENTITLEMENTS" \
    --sign "$IDENTITY" "$APP"
  codesign --verify --deep --strict --verbose=2 "$APP"
else
  echo "READINESS_MACOS_IDENTITY not set: skipping codesign (ad-hoc signature only)."
fi

# The disk image: the app beside a link to /Applications, the usual drag-to-install window.
STAGE=build/dmg
rm -rf "$STAGE" && mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
rm -f "$DMG"
hdiutil create -volname "Readiness ${VERSION}" -srcfolder "$STAGE" -ov -format UDZO "$DMG"

# Optional (READINESS_MACOS_PKG=1; CI always sets it): an installer package beside the .dmg,
# for device managers (Jamf, Intune) that install silently for every user: the same app into
# /Applications, never relocated to another copy found on the Mac. A component package from
# pkgbuild wrapped by productbuild into a product archive (a distribution package, the form
# Intune's macOS line-of-business apps take), signed when READINESS_MACOS_INSTALLER_IDENTITY
# names a "Developer ID Installer: Name (TEAMID)" identity and notarised with the .dmg below.
# Unsigned, its name says so: nobody should mistake it for the signed one.
PKG=""
INSTALLER_IDENTITY=${READINESS_MACOS_INSTALLER_IDENTITY:-}
if [ "${READINESS_MACOS_PKG:-0}" = 1 ]; then
  if [ -n "$INSTALLER_IDENTITY" ]; then
    PKG="dist/Readiness-${VERSION}.pkg"
  else
    PKG="dist/Readiness-${VERSION}-unsigned.pkg"
    echo "READINESS_MACOS_INSTALLER_IDENTITY not set: the .pkg is not signed ($PKG)."
  fi
  PKGROOT=build/pkgroot
  COMPONENTS=build/pkg-components.plist
  COMPONENT=build/Readiness-component.pkg
  REQUIREMENTS=build/pkg-requirements.plist
  DISTRIBUTION=build/pkg-distribution.xml
  # A package of the other name left by an earlier build must not be published beside this one.
  rm -rf "$PKGROOT" "$COMPONENT" dist/Readiness-*.pkg && mkdir -p "$PKGROOT"
  cp -R "$APP" "$PKGROOT/"
  pkgbuild --analyze --root "$PKGROOT" "$COMPONENTS"
  /usr/libexec/PlistBuddy -c 'Set :0:BundleIsRelocatable false' "$COMPONENTS"
  pkgbuild --root "$PKGROOT" --component-plist "$COMPONENTS" --install-location /Applications \
    --identifier org.readiness.Readiness --version "$VERSION" "$COMPONENT"
  # The installer refuses a Mac the app would not start on: older than the app's own minimum
  # macOS (from its Info.plist), or a processor its executable was not built for.
  min_os=$(/usr/libexec/PlistBuddy -c 'Print :LSMinimumSystemVersion' "$APP/Contents/Info.plist")
  arch_strings=""
  for arch in $(lipo -archs "$APP/Contents/MacOS/Readiness"); do
    arch_strings="${arch_strings}<string>${arch}</string>"
  done
  [ -n "$arch_strings" ] || { echo "no architecture found in the app" >&2; exit 1; }
  cat > "$REQUIREMENTS" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>os</key><array><string>${min_os}</string></array>
  <key>arch</key><array>${arch_strings}</array>
</dict>
</plist>
PLIST
  productbuild --synthesize --product "$REQUIREMENTS" --package "$COMPONENT" "$DISTRIBUTION"
  product_args=(--distribution "$DISTRIBUTION" --package-path build)
  if [ -n "$INSTALLER_IDENTITY" ]; then
    echo "Signing the .pkg with: $INSTALLER_IDENTITY"
    product_args+=(--sign "$INSTALLER_IDENTITY" --timestamp)
  fi
  productbuild "${product_args[@]}" "$PKG"
  if [ -n "$INSTALLER_IDENTITY" ]; then
    pkgutil --check-signature "$PKG"
  fi
  # The app must be inside, at the path the Jamf and Intune scripts run. (Listed to a file
  # first: grep -q stopping early would fail the pipeline under pipefail.)
  pkgutil --payload-files "$COMPONENT" > build/pkg-payload.txt
  grep -Ex '(\./)?Readiness\.app/Contents/MacOS/Readiness' build/pkg-payload.txt > /dev/null \
    || { echo "$PKG does not hold Readiness.app/Contents/MacOS/Readiness" >&2; exit 1; }
  echo "Built $PKG"
fi

if [ -z "$IDENTITY" ]; then
  echo "Skipping notarisation: no signing identity."
  echo "Built $DMG (unsigned)"
  exit 0
fi
codesign --force --timestamp --sign "$IDENTITY" "$DMG"

notary_args=()
if [ -n "${READINESS_NOTARY_PROFILE:-}" ]; then
  notary_args=(--keychain-profile "$READINESS_NOTARY_PROFILE")
elif [ -n "${READINESS_NOTARY_APPLE_ID:-}" ] && [ -n "${READINESS_NOTARY_TEAM_ID:-}" ] \
     && [ -n "${READINESS_NOTARY_PASSWORD:-}" ]; then
  notary_args=(--apple-id "$READINESS_NOTARY_APPLE_ID" --team-id "$READINESS_NOTARY_TEAM_ID"
               --password "$READINESS_NOTARY_PASSWORD")
fi
if [ ${#notary_args[@]} -eq 0 ]; then
  echo "No notary credentials (READINESS_NOTARY_PROFILE or APPLE_ID/TEAM_ID/PASSWORD): skipping notarisation."
  echo "Built $DMG (signed, not notarised)"
  exit 0
fi
xcrun notarytool submit "$DMG" --wait "${notary_args[@]}"
xcrun stapler staple "$DMG"
xcrun stapler validate "$DMG"
spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
echo "Built $DMG (signed, notarised, stapled)"
if [ -n "$PKG" ] && [ -n "$INSTALLER_IDENTITY" ]; then
  xcrun notarytool submit "$PKG" --wait "${notary_args[@]}"
  xcrun stapler staple "$PKG"
  spctl --assess --type install --verbose=2 "$PKG"
  echo "Built $PKG (signed, notarised, stapled)"
fi
