// Linux App Service plan and the web app running the bot (Node 22 LTS), with its system-assigned identity
// allowed to read the Key Vault secrets, and every production setting of .env.example as an app setting
// (secrets as Key Vault references).
param location string
param planName string
param webAppName string
param planSku string

@description('Scale-out: number of instances of the plan.')
@minValue(1)
@maxValue(10)
param instanceCount int

param keyVaultName string

@description('Versionless secret URIs from keyvault.bicep (twilioAuthToken empty when Twilio is off).')
param secretUris object

param appInsightsConnectionString string
param botAppId string
param botTenantId string
param sqlServerHost string
param sqlDatabaseName string
param sqlUser string
param twilioAccountSid string
param twilioFrom string
param twilioMessagingServiceSid string
param osrmUrl string
param logLevel string
param tags object

// Built-in role: Key Vault Secrets User (read secret values).
var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

// Production settings, named as in .env.example. PORT is set by App Service itself; SAV_DB (the embedded
// SQLite), SAV_LOCAL_USER (LOCAL mode) and TEAMS_APP_ID/BOT_ID/BOT_DOMAIN (packaging) are not needed here.
var appSettings = {
  HOST: '0.0.0.0'
  LOG_LEVEL: logLevel
  CLIENT_ID: botAppId
  CLIENT_SECRET: '@Microsoft.KeyVault(SecretUri=${secretUris.botClientSecret})'
  TENANT_ID: botTenantId
  ETL_TOKEN: '@Microsoft.KeyVault(SecretUri=${secretUris.etlToken})'
  SQL_SERVER: sqlServerHost
  SQL_DATABASE: sqlDatabaseName
  SQL_USER: sqlUser
  SQL_PASSWORD: '@Microsoft.KeyVault(SecretUri=${secretUris.sqlPassword})'
  TWILIO_ACCOUNT_SID: twilioAccountSid
  TWILIO_AUTH_TOKEN: empty(secretUris.twilioAuthToken) ? '' : '@Microsoft.KeyVault(SecretUri=${secretUris.twilioAuthToken})'
  TWILIO_FROM: twilioFrom
  TWILIO_MESSAGING_SERVICE_SID: twilioMessagingServiceSid
  TWILIO_RATE_PER_SEC: '10'
  PUBLIC_BASE_URL: 'https://${site.properties.defaultHostName}'
  // Satisfaction surveys (issue 6): on when Twilio is configured; the link to the web form by SMS.
  SURVEY_ENABLED: empty(secretUris.twilioAuthToken) ? 'false' : 'true'
  SURVEY_CHANNEL: 'web'
  SURVEY_SEND_AFTER_DAYS: '2'
  SURVEY_REMIND_AFTER_DAYS: '7'
  SURVEY_CLOSE_AFTER_DAYS: '14'
  SURVEY_HOURS: '08:00-20:00'
  SURVEY_SKIP_DAYS: '90'
  SURVEY_SCAN_CRON: '*/10 * * * *'
  SURVEY_MONTHLY_CRON: '0 8 1 * *'
  // /home is the App Service storage shared by every instance and kept across restarts.
  SURVEY_REPORT_DIR: '/home/data/reports'
  SCHEDULER_ENABLED: 'true'
  SCHEDULER_TIMEZONE: 'Europe/Paris'
  MORNING_TOUR_CRON: '45 6 * * 1-6'
  MORNING_TOUR_MAX_LATENESS_MIN: '180'
  PLAN_WEEKLY_CRON: '0 7 * * 1'
  CHURN_NIGHTLY_CRON: '30 2 * * *'
  KPI_DAILY_CRON: '0 8 * * 1-5'
  KPI_MONTHLY_CRON: '0 8 1 * *'
  ROAD_FACTOR: '1.3'
  OSRM_URL: osrmUrl
  OSRM_PROFILE: 'driving'
  OSRM_TIMEOUT_MS: '5000'
  ROUTE_SPEED_KMH: '40'
  ROUTE_DAY_START: '08:00'
  ROUTE_DAY_END: '18:00'
  SAV_COST_PER_KM: '0.50'
  SAV_AVERAGE_SPEED_KMH: '40'
  SAV_TECHNICIAN_HOURLY_COST: '45'
  SAV_PLANNER_MINUTES_PER_JOB: '5'
  SAV_PLANNER_REVIEW_MINUTES: '30'
  SAV_PLANNER_HOURLY_COST: '30'
  SAV_RETENTION_DAYS: '90'
  // App Service and Application Insights
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'true'
  WEBSITE_HEALTHCHECK_MAXPINGFAILURES: '3'
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: planSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'node --import tsx bot/main.ts'
      alwaysOn: true
      healthCheckPath: '/readyz'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      webSocketsEnabled: false
    }
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource secretsAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, site.id, secretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// The settings come after the role assignment, so the Key Vault references resolve on the first start.
resource settings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'appsettings'
  properties: appSettings
  dependsOn: [
    secretsAccess
  ]
}

output name string = site.name
output hostName string = site.properties.defaultHostName
output principalId string = site.identity.principalId
