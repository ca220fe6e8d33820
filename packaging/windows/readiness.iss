; Inno Setup 6 script: a per-user installer for the frozen Windows bundle (dist\readiness).
;
; Built by packaging\windows\build.ps1, which passes the version from readiness.__version__:
;     ISCC.exe /DAppVersion=<version> packaging\windows\readiness.iss
; Run by hand without /DAppVersion, the version is read from Readiness.exe's version resource
; (written by the PyInstaller spec from the same __version__), so it never drifts.
;
; Per-user: installs under %LOCALAPPDATA%\Programs\Readiness with no administrator prompt;
; counsellors often have no admin account on a work laptop.

#define AppName "Readiness"
#define AppExe "Readiness.exe"
#define CliExe "readiness-cli.exe"
#define BundleDir "..\..\dist\readiness"
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(AddBackslash(SourcePath) + BundleDir + "\" + AppExe, "ProductVersion")
#endif
#if AppVersion == ""
  #error "No version: pass /DAppVersion=... or build dist\readiness\Readiness.exe first"
#endif

[Setup]
; A fixed GUID: Windows uses it to find this app for upgrades and uninstall. Never change it.
AppId={{3C5B1F1E-6A0B-4C59-9E1A-0B7F4E0D2A61}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Readiness
VersionInfoVersion={#AppVersion}
VersionInfoProductVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
OutputDir=..\..\dist
OutputBaseFilename=Readiness-{#AppVersion}-Setup
SetupIconFile=..\icons\readiness.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
; build.ps1 signs this installer after ISCC writes it (signtool sign, then signtool verify).

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Check your computer before online client work"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the installer put there. The practitioner's settings, keys and signed checklists
; live in their own profile folders and are kept on uninstall.
Type: filesandordirs; Name: "{app}\_internal"
