// sav-assistant on Azure: the bot registration (Teams channel), a Linux App Service running the bot on
// Node 22 LTS, the Azure SQL warehouse, a Key Vault holding every secret, Application Insights.
// Deploy: see infra/README.md. Checked by `npx tsx scripts/check-infra.ts`.
targetScope = 'resourceGroup'

@description('Short name in every resource name: 3 to 11 lower-case letters or digits.')
@minLength(3)
@maxLength(11)
param appName string = 'savassist'

@description('Region of every resource except the bot registration, which is global.')
param location string = resourceGroup().location

@description('Application (client) id of the bot\'s Entra app registration (az ad app create).')
param botAppId string

@description('Tenant of the bot\'s Entra app registration (single tenant).')
param botTenantId string = tenant().tenantId

@description('Client secret of the bot\'s Entra app registration (az ad app credential reset).')
@secure()
param botClientSecret string

@description('Bearer token of POST /api/etl/<source>: at least 16 characters.')
@secure()
@minLength(16)
param etlToken string

@description('Administrator login of the Azure SQL server.')
param sqlAdminLogin string = 'savadmin'

@description('Administrator password of the Azure SQL server (8–128 characters, 3 of: upper, lower, digit, symbol).')
@secure()
@minLength(8)
param sqlAdminPassword string

@description('Optional Entra administrator of the SQL server (a user or group object id); empty = SQL logins only.')
param sqlEntraAdminObjectId string = ''

@description('Display name of that Entra administrator (the user principal name or the group name).')
param sqlEntraAdminLogin string = ''

@description('SKU of the warehouse database.')
param sqlDatabaseSku object = {
  name: 'S1'
  tier: 'Standard'
}

@description('App Service plan SKU (Basic or above: always-on and several instances need it).')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
])
param appServicePlanSku string = 'P0v3'

@description('Scale-out: instances of the web app behind the App Service load balancer (they share nothing in memory).')
@minValue(1)
@maxValue(10)
param instanceCount int = 2

@description('Bot Service SKU: F0 is free for the standard channels, Teams included.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Twilio account SID (empty = no SMS through Twilio).')
param twilioAccountSid string = ''

@description('Twilio auth token (empty = no SMS through Twilio).')
@secure()
param twilioAuthToken string = ''

@description('Twilio sender number (E.164), or empty when a messaging service is used.')
param twilioFrom string = ''

@description('Twilio messaging service SID, or empty when a sender number is used.')
param twilioMessagingServiceSid string = ''

@description('Optional OSRM server for road distances (its base URL); empty = crow-flies distance × ROAD_FACTOR.')
param osrmUrl string = ''

@description('pino log level of the bot.')
@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
  'silent'
])
param logLevel string = 'info'

@description('Object id of whoever deploys (az ad signed-in-user show --query id): gets Key Vault Secrets Officer to rotate secrets. Empty = nobody.')
param deployerObjectId string = ''

@description('Tags on every resource.')
param tags object = {
  app: 'sav-assistant'
}

var suffix = uniqueString(resourceGroup().id, appName)
var webAppName = '${appName}-${suffix}'
var names = {
  logAnalytics: '${appName}-log-${suffix}'
  appInsights: '${appName}-appi-${suffix}'
  keyVault: 'kv${take(appName, 8)}${suffix}'
  sqlServer: '${appName}-sql-${suffix}'
  sqlDatabase: 'sav'
  plan: '${appName}-plan-${suffix}'
  webApp: webAppName
  bot: '${appName}-bot-${suffix}'
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    logAnalyticsName: names.logAnalytics
    appInsightsName: names.appInsights
    tags: tags
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    name: names.keyVault
    botClientSecret: botClientSecret
    etlToken: etlToken
    sqlAdminPassword: sqlAdminPassword
    twilioAuthToken: twilioAuthToken
    twilioEnabled: !empty(twilioAuthToken)
    deployerObjectId: deployerObjectId
    tags: tags
  }
}

module sql 'modules/sql.bicep' = {
  name: 'sql'
  params: {
    location: location
    serverName: names.sqlServer
    databaseName: names.sqlDatabase
    adminLogin: sqlAdminLogin
    adminPassword: sqlAdminPassword
    entraAdminObjectId: sqlEntraAdminObjectId
    entraAdminLogin: sqlEntraAdminLogin
    databaseSku: sqlDatabaseSku
    tags: tags
  }
}

module web 'modules/web.bicep' = {
  name: 'web'
  params: {
    location: location
    planName: names.plan
    webAppName: names.webApp
    planSku: appServicePlanSku
    instanceCount: instanceCount
    keyVaultName: vault.outputs.name
    secretUris: vault.outputs.secretUris
    appInsightsConnectionString: monitoring.outputs.connectionString
    botAppId: botAppId
    botTenantId: botTenantId
    sqlServerHost: sql.outputs.serverHost
    sqlDatabaseName: sql.outputs.databaseName
    sqlUser: sqlAdminLogin
    twilioAccountSid: twilioAccountSid
    twilioFrom: twilioFrom
    twilioMessagingServiceSid: twilioMessagingServiceSid
    osrmUrl: osrmUrl
    logLevel: logLevel
    tags: tags
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: names.bot
    sku: botSku
    displayName: 'SAV Duret'
    endpoint: 'https://${web.outputs.hostName}/api/messages'
    msaAppId: botAppId
    msaAppTenantId: botTenantId
    tags: tags
  }
}

@description('Name of the web app (az webapp deploy --name).')
output webAppName string = web.outputs.name

@description('Public host name of the bot: BOT_DOMAIN of `npm run package`.')
output botDomain string = web.outputs.hostName

@description('Messaging endpoint registered on the Azure Bot.')
output messagingEndpoint string = bot.outputs.endpoint

@description('Key Vault holding the secrets (az keyvault secret set --vault-name).')
output keyVaultName string = vault.outputs.name

@description('Fully qualified host of the Azure SQL server.')
output sqlServerHost string = sql.outputs.serverHost
