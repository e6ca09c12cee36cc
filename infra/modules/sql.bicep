// Azure SQL server and the warehouse database. SQL authentication with the admin login (its password is a
// secure parameter, also kept in Key Vault); optionally an Entra administrator too. Other Azure services
// (the web app) may connect; nothing else until a firewall rule is added.
param location string
param serverName string
param databaseName string
param adminLogin string

@secure()
param adminPassword string

@description('Object id of an Entra user or group made administrator; empty = none.')
param entraAdminObjectId string

param entraAdminLogin string
param databaseSku object
param tags object

var entraAdmin = {
  administratorType: 'ActiveDirectory'
  azureADOnlyAuthentication: false
  login: entraAdminLogin
  sid: entraAdminObjectId
  tenantId: tenant().tenantId
}

resource server 'Microsoft.Sql/servers@2021-11-01' = {
  name: serverName
  location: location
  tags: tags
  properties: {
    administratorLogin: adminLogin
    administratorLoginPassword: adminPassword
    administrators: empty(entraAdminObjectId) ? null : entraAdmin
    minimalTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    version: '12.0'
  }
}

// The documented rule 0.0.0.0–0.0.0.0: "Allow Azure services and resources to access this server".
resource allowAzureServices 'Microsoft.Sql/servers/firewallRules@2021-11-01' = {
  parent: server
  name: 'AllowAllWindowsAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource database 'Microsoft.Sql/servers/databases@2021-11-01' = {
  parent: server
  name: databaseName
  location: location
  tags: tags
  sku: databaseSku
  properties: {
    collation: 'SQL_Latin1_General_CP1_CI_AS'
    zoneRedundant: false
  }
}

output serverHost string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
