; Fleet presets for the NSIS installer: an admin deploys with
;   Zvit-Setup-1.4.2.exe /S /allusers /HUB=https://hub.example.com /CODE=7K3M-Q9TX-B2RD
; and the installer writes zvit-preset.json beside Zvit.exe; the app enrolls itself on its first
; start (main/sync/preset.ts reads the file). Without /HUB= nothing is written, and an existing
; preset is left as it is (an upgrade keeps the fleet's settings).
!include "FileFunc.nsh"

!macro customInstall
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/HUB=" $R1
  ${IfNot} ${Errors}
    ClearErrors
    ${GetOptions} $R0 "/CODE=" $R2
    ${If} ${Errors}
      StrCpy $R2 ""
    ${EndIf}
    ClearErrors
    ${GetOptions} $R0 "/CHANNEL=" $R3
    ${If} ${Errors}
      StrCpy $R3 "stable"
    ${EndIf}
    FileOpen $R4 "$INSTDIR\zvit-preset.json" w
    FileWrite $R4 '{"hubUrl":"$R1"'
    ${If} $R2 != ""
      FileWrite $R4 ',"enrollmentCode":"$R2"'
    ${EndIf}
    FileWrite $R4 ',"channel":"$R3"}$\r$\n'
    FileClose $R4
  ${EndIf}
!macroend
