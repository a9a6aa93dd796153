// The connector: a Flex Consumption function app (Linux, .NET 10 isolated) running as the user-assigned
// identity. Every connection is identity-based; the TikTok app secret is a Key Vault reference.
@description('Name of the function app.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Location of the plan and the app.')
param location string

@description('Tags of the plan and the app (the app also gets azd-service-name).')
param tags object

@description('Service name azd deploys to this app (azure.yaml).')
param serviceName string = 'api'

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the user-assigned managed identity.')
param identityClientId string

@description('Name of the storage account.')
param storageAccountName string

@description('Blob container the app package is deployed to.')
param deploymentContainerName string

@description('Key Vault URI, e.g. https://kv-abc.vault.azure.net/.')
param keyVaultUri string

@description('Application Insights connection string (not a secret: local auth is off).')
param applicationInsightsConnectionString string

// One storage account carries about 1,650 order notifications/s (20,000 requests/s at about 12 each); at up to 12
// messages per queue function per instance (host.json: batchSize 8 + newBatchThreshold 4) and about 0.3 s each,
// 40 instances reach that. More would only meet the account's throttling (docs/performance.md, "Scale beyond one machine").
@description('Most instances the app scales out to (40: what one storage account carries; raise with more accounts).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('TikTok app key (Partner Center > App > Basic information).')
param tikTokAppKey string

@description('TikTok service id of the authorization link.')
param tikTokServiceId string

@description('Name of the Key Vault secret holding the TikTok app secret.')
param tikTokAppSecretName string

@description('Timer schedules (six-field NCrontab), by setting name.')
param schedules object

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references (TikTok__AppSecret) resolve with the same identity.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Every setting the code reads is either here or documented as optional in docs/settings.md
// (tests/Connector.DeployTests checks both directions). Flex Consumption sets FUNCTIONS_WORKER_RUNTIME itself.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
    AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
    AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
    KeyVault__Uri: keyVaultUri
    KeyVault__ClientId: identityClientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    TikTok__AppKey: tikTokAppKey
    TikTok__ServiceId: tikTokServiceId
    TikTok__AppSecret: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/${tikTokAppSecretName})'
    OrderPullSchedule: schedules.OrderPullSchedule
    InventoryPushSchedule: schedules.InventoryPushSchedule
    TokenRefreshSchedule: schedules.TokenRefreshSchedule
    TokenRefreshQueue: 'token-refresh'
    InventoryPushQueue: 'inventory-push'
    ProductSyncQueue: 'product-sync'
    OrderPullQueue: 'order-pull'
    SkuReevaluationQueue: 'sku-reevaluation'
    WebhookQueue: 'tiktok-webhooks'
    ShipmentQueue: 'shipments'
    AfterSalesQueue: 'after-sales'
    LabelQueue: 'labels'
    ProductSyncSchedule: schedules.ProductSyncSchedule
    AfterSalesPullSchedule: schedules.AfterSalesPullSchedule
    ListingsSchedule: schedules.ListingsSchedule
    ListingsQueue: 'listings'
    FinanceSyncSchedule: schedules.FinanceSyncSchedule
    DashboardRollupSchedule: schedules.DashboardRollupSchedule
    FinanceSyncQueue: 'finance-sync'
    // The worker's gen0 budget: .NET sizes it from the CPU's last-level cache, which on large hosts reaches 200 MiB and
    // lets a worker's resident set grow to twice its need before the first collection (docs/performance.md, memory).
    // 16 MiB keeps a 100,000-order backfill and a 10,000-product listing push under 200 MiB at the same speed.
    DOTNET_GCgen0size: '0x1000000'
  }
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
