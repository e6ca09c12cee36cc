// Key Vault (RBAC authorisation) and the bot's secrets. The web app reads them through Key Vault
// references; web.bicep gives its identity the Key Vault Secrets User role on this vault.
param location string
param name string
param tags object

@secure()
param botClientSecret string

@secure()
param etlToken string

@secure()
param sqlAdminPassword string

@description('Empty = no Twilio secret (SMS through Twilio off).')
@secure()
param twilioAuthToken string

@description('Whether twilioAuthToken is set (an output may not look at a secure parameter).')
param twilioEnabled bool

@description('Object id that gets Key Vault Secrets Officer (to set and rotate secrets); empty = nobody.')
param deployerObjectId string

// Built-in role: Key Vault Secrets Officer.
var secretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource botClientSecretEntry 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'bot-client-secret'
  properties: {
    value: botClientSecret
    contentType: 'Entra client secret of the bot (CLIENT_SECRET)'
  }
}

resource etlTokenEntry 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'etl-token'
  properties: {
    value: etlToken
    contentType: 'Bearer token of POST /api/etl (ETL_TOKEN)'
  }
}

resource sqlPasswordEntry 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'sql-password'
  properties: {
    value: sqlAdminPassword
    contentType: 'Azure SQL password of the app login (SQL_PASSWORD)'
  }
}

resource twilioTokenEntry 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (twilioEnabled) {
  parent: vault
  name: 'twilio-auth-token'
  properties: {
    value: twilioAuthToken
    contentType: 'Twilio auth token (TWILIO_AUTH_TOKEN)'
  }
}

resource deployerAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerObjectId)) {
  name: guid(vault.id, deployerObjectId, secretsOfficerRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsOfficerRoleId)
    principalId: deployerObjectId
    principalType: 'User'
  }
}

output name string = vault.name

@description('Versionless secret URIs: a Key Vault reference follows the latest version (a rotation needs no redeploy).')
output secretUris object = {
  botClientSecret: botClientSecretEntry.properties.secretUri
  etlToken: etlTokenEntry.properties.secretUri
  sqlPassword: sqlPasswordEntry.properties.secretUri
  twilioAuthToken: twilioEnabled ? '${vault.properties.vaultUri}secrets/twilio-auth-token' : ''
}
