; Inno Setup 6 script for gkdesk: a per-user installer (no administrator rights needed).
; Built by `python packaging/build.py` on Windows (or the CI workflow packaging/windows/build-windows.yml):
;   iscc /DAppVersion=0.1.0 /DAppNumericVersion=0.1.0.0 /DSourceDir=dist\gkdesk /DOutputDir=dist packaging\windows\gkdesk.iss
; Saved as UTF-8 with BOM so that Inno Setup reads the Chinese text correctly on any Windows code page.
; Needs the Simplified Chinese messages file ChineseSimplified.isl in Inno Setup's Languages folder (the CI workflow
; fetches it from the Inno Setup translations when the installed Inno Setup does not have it), or beside this script.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef AppNumericVersion
  #define AppNumericVersion AppVersion
#endif
#ifndef RepoRoot
  #define RepoRoot AddBackslash(SourcePath) + "..\.."
#endif
#ifndef SourceDir
  #define SourceDir RepoRoot + "\dist\gkdesk"
#endif
#ifndef OutputDir
  #define OutputDir RepoRoot + "\dist"
#endif
#ifdef ChineseMessagesFile
  #define ChineseMessages ChineseMessagesFile
#elif FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
  #define ChineseMessages AddBackslash(SourcePath) + "ChineseSimplified.isl"
#else
  #define ChineseMessages "compiler:Languages\ChineseSimplified.isl"
#endif
#define AppName "gkdesk 政务公开年报"
#define AppExe "gkdesk.exe"

[Setup]
; the AppId identifies the product for upgrades and the uninstaller: never change it
AppId={{8F3C2A71-5B1E-4C7D-9E2A-6D4B3F1A0C55}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=gkdesk
AppComments=政府信息公开工作年度报告 编写、校验与发布工具（离线使用）
VersionInfoVersion={#AppNumericVersion}
VersionInfoDescription={#AppName} 安装程序
; per-user: installs to %LOCALAPPDATA%\Programs\gkdesk, writes only HKEY_CURRENT_USER
PrivilegesRequired=lowest
DefaultDirName={autopf}\gkdesk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
OutputDir={#OutputDir}
OutputBaseFilename=gkdesk-{#AppVersion}-setup
SetupIconFile={#RepoRoot}\resources\icons\gkdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 1809 or later
MinVersion=10.0.17763
ChangesAssociations=yes
; an open gkdesk is closed (after asking) before its files are replaced
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "chinesesimplified"; MessagesFile: "{#ChineseMessages}"

[Messages]
; shown (and Setup stops) on Windows older than MinVersion: Qt 6 needs Windows 10 1809 or later
chinesesimplified.WindowsVersionNotSupported=gkdesk 需要 Windows 10（1809 版或更新）或 Windows 11，本机的 Windows 版本太旧，无法安装。%n%n请在 Windows 10 / 11 的电脑上安装；统信 UOS、银河麒麟等 Linux 电脑请使用 Linux 版（.deb 或压缩包）。
chinesesimplified.WinVersionTooLowError=gkdesk 需要 Windows 10（1809 版或更新）或 Windows 11，本机的 Windows 版本太旧，无法安装。%n%n请在 Windows 10 / 11 的电脑上安装；统信 UOS、银河麒麟等 Linux 电脑请使用 Linux 版（.deb 或压缩包）。
chinesesimplified.WinVersionTooHighError=本安装程序无法在这个版本的 Windows 上安装 gkdesk。

[CustomMessages]
chinesesimplified.AssocTask=双击 .gkreport 报告文件时用 gkdesk 打开
chinesesimplified.AssocGroup=文件关联：
chinesesimplified.FileTypeName=政府信息公开年度报告
chinesesimplified.SelfTestName=gkdesk 自检（检查能否正常使用）
chinesesimplified.AppComment=编写、校验并导出政府信息公开工作年度报告

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "associate"; Description: "{cm:AssocTask}"; GroupDescription: "{cm:AssocGroup}"

[InstallDelete]
; files of an earlier version that the new one no longer has must not linger next to the new ones
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"
Name: "{group}\{cm:SelfTestName}"; Filename: "{cmd}"; Parameters: "/k ""{app}\gkdesk-cli.exe"" --self-test"; IconFilename: "{app}\{#AppExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{cm:AppComment}"; Tasks: desktopicon

[Registry]
; .gkreport opens with gkdesk, for this user only (HKEY_CURRENT_USER\Software\Classes)
Root: HKCU; Subkey: "Software\Classes\.gkreport"; ValueType: string; ValueName: ""; ValueData: "gkdesk.report"; Flags: uninsdeletevalue; Tasks: associate
Root: HKCU; Subkey: "Software\Classes\.gkreport"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-gkreport"; Flags: uninsdeletevalue; Tasks: associate
Root: HKCU; Subkey: "Software\Classes\.gkreport\OpenWithProgids"; ValueType: string; ValueName: "gkdesk.report"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKCU; Subkey: "Software\Classes\gkdesk.report"; ValueType: string; ValueName: ""; ValueData: "{cm:FileTypeName}"; Flags: uninsdeletekey; Tasks: associate
Root: HKCU; Subkey: "Software\Classes\gkdesk.report\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: associate
Root: HKCU; Subkey: "Software\Classes\gkdesk.report\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: associate
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".gkreport"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
Type: filesandordirs; Name: "{app}\_internal"
