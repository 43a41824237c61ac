@echo off
rem cjs-cert for IT staff: the command line of the installed app, without Node.
rem   "%LOCALAPPDATA%\Programs\cjs-cert\resources\bin\cjs-cert.cmd" status
rem The app's executable is a Windows GUI program: `start /wait` makes cmd.exe wait for it and
rem return its exit status; /b keeps it in this console, where it prints.
start "" /b /wait "%~dp0..\..\cjs-cert-assistant.exe" --cli %*
exit /b %ERRORLEVEL%
