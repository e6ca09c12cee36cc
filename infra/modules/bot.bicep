// The Azure Bot registration (single-tenant Entra app) and its Microsoft Teams channel.
param name string
param sku string
param displayName string

@description('https://<web app host>/api/messages')
param endpoint string

param msaAppId string
param msaAppTenantId string
param tags object

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  kind: 'azurebot'
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: endpoint
    msaAppId: msaAppId
    msaAppTenantId: msaAppTenantId
    msaAppType: 'SingleTenant'
    publicNetworkAccess: 'Enabled'
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
      enableCalling: false
    }
  }
}

output endpoint string = bot.properties.endpoint
output teamsChannel string = teams.name
