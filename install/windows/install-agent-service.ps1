# Installs the Alpi agent as a Windows service (run in an elevated PowerShell).
#   .\install-agent-service.ps1 -Tenant mairie-exemple -Broker supervision.example -Port 8883 -UseTls
# Publish first: dotnet publish Alpi.Agent -c Release -r win-x64 --self-contained -o C:\Alpi\Agent
param(
    [Parameter(Mandatory = $true)][string]$Tenant,
    [Parameter(Mandatory = $true)][string]$Broker,
    [int]$Port = 1883,
    [switch]$UseTls,
    [string]$InstallDir = "C:\Alpi\Agent"
)
$ErrorActionPreference = "Stop"
$exe = Join-Path $InstallDir "Alpi.Agent.exe"
if (-not (Test-Path $exe)) { throw "$exe not found: publish the agent to $InstallDir first." }

# Settings as machine environment variables (they override agent.json).
[Environment]::SetEnvironmentVariable("ALPI_Agent__Tenant", $Tenant, "Machine")
[Environment]::SetEnvironmentVariable("ALPI_Agent__Broker__Host", $Broker, "Machine")
# The disk buffer (batches kept while the broker is away) lives outside the program folder.
[Environment]::SetEnvironmentVariable("ALPI_Agent__DataDirectory", "$env:ProgramData\Alpi\agent", "Machine")
[Environment]::SetEnvironmentVariable("ALPI_Agent__Broker__Port", "$Port", "Machine")
[Environment]::SetEnvironmentVariable("ALPI_Agent__Broker__UseTls", "$($UseTls.IsPresent)".ToLowerInvariant(), "Machine")

if (Get-Service -Name "AlpiAgent" -ErrorAction SilentlyContinue) {
    Stop-Service -Name "AlpiAgent"
    sc.exe delete AlpiAgent | Out-Null
}
New-Service -Name "AlpiAgent" -BinaryPathName "`"$exe`"" -DisplayName "Alpi agent" `
    -Description "Alpi supervision agent: host metrics over MQTT" -StartupType Automatic | Out-Null
sc.exe failure AlpiAgent reset= 86400 actions= restart/5000/restart/5000/restart/30000 | Out-Null
Start-Service -Name "AlpiAgent"
Write-Host "Alpi agent installed and started for tenant $Tenant, broker ${Broker}:$Port"
