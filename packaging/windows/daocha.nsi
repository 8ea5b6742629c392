; The Windows installer of 倒查 (daocha), built on Linux with NSIS: makensis from Debian's nsis.
; packaging/windows/build.sh runs it with -DVERSION=… -DSTAGE=<folder with daocha.exe etc.> -DOUTFILE=….
; Per user, without administrator rights (government laptops rarely grant them): the program goes to
; %LOCALAPPDATA%\Programs\daocha, the Start-menu entry 倒查 and the .daocha association to the
; user's own profile and registry (HKCU). Data is never inside the install folder: it lives in
; %LOCALAPPDATA%\daocha and the uninstaller leaves it there.

; A 64-bit installer for the 64-bit program (Debian's nsis ships the amd64-unicode stubs and plugins).
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef STAGE
  !error "makensis -DSTAGE=<folder holding daocha.exe> is required"
!endif
!ifndef OUTFILE
  !define OUTFILE "daocha-${VERSION}-windows-x64-setup.exe"
!endif

!define NAME "倒查"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\daocha"
!define PROGID "daocha.export"

Name "${NAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\daocha"
InstallDirRegKey HKCU "Software\daocha" "InstallDir"
BrandingText "倒查 ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "倒查"
VIAddVersionKey /LANG=2052 "FileDescription" "倒查 —— 行政处罚现场检查 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "MIT OR Apache-2.0"

!include "MUI2.nsh"
!include "WinVer.nsh"

!define MUI_ICON "${STAGE}\daocha.ico"
!define MUI_UNICON "${STAGE}\daocha.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\daocha.exe"
!define MUI_FINISHPAGE_RUN_TEXT "打开倒查"
!define MUI_FINISHPAGE_SHOWREADME "$INSTDIR\说明.txt"
!define MUI_FINISHPAGE_SHOWREADME_TEXT "查看说明"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Function .onInit
  ; Rust's standard library on Windows needs Windows 10 or later (ProcessPrng, WaitOnAddress).
  ${IfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "倒查需要 Windows 10 或更高版本。这台电脑的 Windows 版本过旧，无法安装。"
    Abort
  ${EndIf}
FunctionEnd

Section "倒查" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "${STAGE}\daocha.exe"
  File "${STAGE}\daocha.ico"
  File "${STAGE}\说明.txt"
  SetOutPath "$INSTDIR\licenses"
  File /r "${STAGE}\licenses\*.*"
  SetOutPath "$INSTDIR"

  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortCut "$SMPROGRAMS\倒查.lnk" "$INSTDIR\daocha.exe" "" "$INSTDIR\daocha.ico" 0 SW_SHOWNORMAL "" "行政处罚现场检查"

  ; .daocha: an inspector's export, opened by the team lead's 倒查 on its 合并 page.
  WriteRegStr HKCU "Software\Classes\.daocha" "" "${PROGID}"
  WriteRegStr HKCU "Software\Classes\${PROGID}" "" "倒查导出文件"
  WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\daocha.ico,0"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open" "" "用倒查合并"
  WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\daocha.exe" "%1"'
  ; Tell Explorer the associations changed (SHCNE_ASSOCCHANGED).
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  WriteRegStr HKCU "Software\daocha" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "倒查 ${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\daocha.ico"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "daocha"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\倒查.lnk"
  Delete "$INSTDIR\daocha.exe"
  Delete "$INSTDIR\daocha.ico"
  Delete "$INSTDIR\说明.txt"
  RMDir /r "$INSTDIR\licenses"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  ; Only our own association: a .daocha given to another program by the user is left alone.
  ReadRegStr $0 HKCU "Software\Classes\.daocha" ""
  StrCmp $0 "${PROGID}" 0 +2
    DeleteRegKey HKCU "Software\Classes\.daocha"
  DeleteRegKey HKCU "Software\Classes\${PROGID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "Software\daocha"
  ; The inspections in %LOCALAPPDATA%\daocha stay: they are evidence, and another install reads them.
SectionEnd
