// azd up: the TikTok Shop connector on a Flex Consumption function app (.NET 10 isolated) with a user-assigned
// managed identity, identity-only storage, Key Vault (RBAC, purge protection) and Application Insights.
// Shaped like Azure-Samples/functions-quickstart-dotnet-azd; modules are local (infra/modules).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to name every resource.')
param environmentName string

@minLength(1)
@description('Primary location for all resources (Flex Consumption must be available there).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Name of the resource group; empty for rg-<environmentName>.')
param resourceGroupName string = ''

@description('Principal id of the user or service principal running azd; gets Key Vault Secrets Officer to store the TikTok app secret.')
param principalId string = ''

@description('Type of principalId.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('TikTok app key (TikTok Shop Partner Center > App & Service > your app).')
param tikTokAppKey string

@description('TikTok service id used in the seller authorization link.')
param tikTokServiceId string

@description('Name of the Key Vault secret holding the TikTok app secret (set it with az keyvault secret set; never in Bicep).')
param tikTokAppSecretName string = 'tiktok-app-secret'

@description('Client id of the Entra ID app registration support staff sign in to (console and admin API); empty leaves sign-in off and the admin API closed.')
param entraClientId string = ''

@description('Six-field NCrontab: one order pull message per active shop.')
param orderPullSchedule string = '0 */15 * * * *'

@description('Six-field NCrontab: one inventory push message per active shop.')
param inventoryPushSchedule string = '0 0 * * * *'

@description('Six-field NCrontab: refresh access tokens that are about to expire.')
param tokenRefreshSchedule string = '0 0 */6 * * *'

@description('Six-field NCrontab: daily product (SKU) sync.')
param productSyncSchedule string = '0 30 2 * * *'

@description('Six-field NCrontab: the after-sales pull (cancellations and returns) of every active shop, the safety net behind webhooks 11 and 12, and the deadline check.')
param afterSalesPullSchedule string = '0 */15 * * * *'
@description('Six-field NCrontab: nightly listings run (TikTok prerequisites, product statuses, products waiting for the next day).')
param listingsSchedule string = '0 5 0 * * *'
@description('Six-field NCrontab: daily finance sync (statements, payments, withdrawals, settlements) per active shop.')
param financeSyncSchedule string = '0 0 3 * * *'
@description('Six-field NCrontab: the dashboard rollup (adds up every shop\'s day rows; the dashboard shows its age).')
param dashboardRollupSchedule string = '0 */5 * * * *'

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbrs.webSitesFunctions}api-${resourceToken}'
var identityName = '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
var storageAccountName = '${abbrs.storageStorageAccounts}${resourceToken}'
var keyVaultName = '${abbrs.keyVaultVaults}${resourceToken}'
var applicationInsightsName = '${abbrs.insightsComponents}${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storageAccountName
    keyVaultName: keyVaultName
    applicationInsightsName: applicationInsightsName
    identityName: identityName
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
  // Names are known up front (What-If can predict the assignments), so the order is explicit.
  dependsOn: [
    identity
    storage
    keyVault
    monitoring
  ]
}

module api 'modules/function-app.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    keyVaultUri: keyVault.outputs.uri
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    tikTokAppKey: tikTokAppKey
    tikTokServiceId: tikTokServiceId
    tikTokAppSecretName: tikTokAppSecretName
    schedules: {
      OrderPullSchedule: orderPullSchedule
      InventoryPushSchedule: inventoryPushSchedule
      TokenRefreshSchedule: tokenRefreshSchedule
      ProductSyncSchedule: productSyncSchedule
      AfterSalesPullSchedule: afterSalesPullSchedule
      ListingsSchedule: listingsSchedule
      FinanceSyncSchedule: financeSyncSchedule
      DashboardRollupSchedule: dashboardRollupSchedule
    }
  }
  // The host needs its storage roles before it starts (it takes leases and reads the package with the identity).
  dependsOn: [
    storage
    rbac
  ]
}

module auth 'modules/app-auth.bicep' = {
  name: 'auth'
  scope: rg
  params: {
    functionAppName: functionAppName
    entraClientId: entraClientId
    entraTenantId: tenant().tenantId
  }
  dependsOn: [
    api
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output RESOURCE_TOKEN string = resourceToken
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_FUNCTION_APP_URL string = 'https://${api.outputs.defaultHostName}'
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_ENDPOINT string = keyVault.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_USER_ASSIGNED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output TIKTOK_APP_SECRET_NAME string = tikTokAppSecretName
output AZURE_CONSOLE_URL string = 'https://${api.outputs.defaultHostName}/api/console/'
output AZURE_CONSOLE_SIGN_IN_ENABLED bool = auth.outputs.enabled
