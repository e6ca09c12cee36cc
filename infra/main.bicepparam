// Parameters of main.bicep. No secret lives here: each one is read from an environment variable of the
// shell that runs `az deployment group create` (see infra/README.md); a missing required one stops the
// deployment before anything is created.
using './main.bicep'

param appName = 'savassist'
param botAppId = readEnvironmentVariable('SAV_BOT_APP_ID')
param botClientSecret = readEnvironmentVariable('SAV_BOT_CLIENT_SECRET')
param etlToken = readEnvironmentVariable('SAV_ETL_TOKEN')
param sqlAdminPassword = readEnvironmentVariable('SAV_SQL_ADMIN_PASSWORD')
param sqlEntraAdminObjectId = readEnvironmentVariable('SAV_SQL_ENTRA_ADMIN_OBJECT_ID', '')
param sqlEntraAdminLogin = readEnvironmentVariable('SAV_SQL_ENTRA_ADMIN_LOGIN', '')
param twilioAccountSid = readEnvironmentVariable('SAV_TWILIO_ACCOUNT_SID', '')
param twilioAuthToken = readEnvironmentVariable('SAV_TWILIO_AUTH_TOKEN', '')
param twilioFrom = readEnvironmentVariable('SAV_TWILIO_FROM', '')
param twilioMessagingServiceSid = readEnvironmentVariable('SAV_TWILIO_MESSAGING_SERVICE_SID', '')
param deployerObjectId = readEnvironmentVariable('SAV_DEPLOYER_OBJECT_ID', '')
param appServicePlanSku = 'P0v3'
param instanceCount = 2
param botSku = 'F0'
param logLevel = 'info'
