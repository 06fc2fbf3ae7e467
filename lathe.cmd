@echo off
rem Lathe launcher for Windows: finds a JDK 25 or newer, builds with Maven when the jars are missing,
rem and dispatches like ./lathe: no command opens the app, "demo" fills the demo workspace and opens it,
rem "test" runs the test suite, "build" rebuilds, anything else goes to the runner.
setlocal EnableDelayedExpansion
set "ROOT=%~dp0"
set "ROOT=%ROOT:~0,-1%"
set "MIN_JAVA=25"
set "JDK="

if defined LATHE_JAVA_HOME call :consider "%LATHE_JAVA_HOME%"
if defined JAVA_HOME call :consider "%JAVA_HOME%"
for /d %%D in ("%ProgramFiles%\Eclipse Adoptium\jdk-*" "%ProgramFiles%\Java\jdk-*" "%ProgramFiles%\Microsoft\jdk-*" "%ProgramFiles%\Zulu\zulu-*" "%ProgramFiles%\Amazon Corretto\jdk*" "%ProgramFiles%\BellSoft\LibericaJDK-*" "%USERPROFILE%\.jdks\*") do (
  if not defined JDK call :consider "%%~D"
)
if not defined JDK (
  echo lathe: Lathe needs a JDK %MIN_JAVA% or newer, and none was found. 1>&2
  echo Install one, then run this command again ^(or set JAVA_HOME to it^): 1>&2
  echo   winget install EclipseAdoptium.Temurin.25.JDK 1>&2
  echo   or download it from https://adoptium.net 1>&2
  exit /b 3
)
set "JAVA_HOME=%JDK%"
set "JAVA=%JDK%\bin\java.exe"
set "RUNNER_JAR=%ROOT%\local-runner\target\lathe-local-runner.jar"
set "APP_JAR=%ROOT%\app\target\lathe-app.jar"
set "JAVA_OPTS=--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Dai.djl.offline=true %LATHE_JAVA_OPTS%"

set "CMD=%~1"
if /i "%CMD%"=="test" (
  shift
  pushd "%ROOT%"
  call :maven -B verify
  set "RC=!ERRORLEVEL!"
  popd
  exit /b !RC!
)
if /i "%CMD%"=="build" (
  call :build
  exit /b !ERRORLEVEL!
)
if /i "%CMD%"=="java-home" (
  echo %JAVA_HOME%
  exit /b 0
)
if not exist "%RUNNER_JAR%" call :build || exit /b 70
if not exist "%APP_JAR%" call :build || exit /b 70

if "%CMD%"=="" (
  "%JAVA%" %JAVA_OPTS% -jar "%APP_JAR%"
  exit /b !ERRORLEVEL!
)
if /i "%CMD%"=="app" (
  "%JAVA%" %JAVA_OPTS% -jar "%APP_JAR%"
  exit /b !ERRORLEVEL!
)
if /i "%CMD%"=="demo" (
  "%JAVA%" %JAVA_OPTS% -jar "%RUNNER_JAR%" %*
  if errorlevel 1 exit /b !ERRORLEVEL!
  "%JAVA%" %JAVA_OPTS% -jar "%APP_JAR%" --demo
  exit /b !ERRORLEVEL!
)
"%JAVA%" %JAVA_OPTS% -jar "%RUNNER_JAR%" %*
exit /b %ERRORLEVEL%

:consider
rem Takes %1 as JAVA home when it has java and javac of version MIN_JAVA or newer.
set "CAND=%~1"
if not exist "%CAND%\bin\javac.exe" exit /b 0
for /f "tokens=2 delims==" %%V in ('"%CAND%\bin\java.exe" -XshowSettings:properties -version 2^>^&1 ^| findstr /c:"java.specification.version ="') do set "VER=%%V"
set "VER=%VER: =%"
for /f "tokens=1 delims=." %%M in ("%VER%") do set "MAJOR=%%M"
if defined MAJOR if %MAJOR% GEQ %MIN_JAVA% set "JDK=%CAND%"
exit /b 0

:maven
where mvn >nul 2>nul
if %ERRORLEVEL%==0 (
  call mvn %*
) else (
  call "%ROOT%\mvnw.cmd" %*
)
exit /b %ERRORLEVEL%

:build
echo lathe: building Lathe with %JAVA_HOME% (the first build downloads its dependencies) 1>&2
pushd "%ROOT%"
call :maven -B -q -DskipTests package
set "RC=%ERRORLEVEL%"
popd
exit /b %RC%
