// Placeholder until the deploy issue (#10): the Function App, storage, Key Vault and identity land here.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to name every resource.')
param environmentName string

@minLength(1)
@description('Primary location for all resources.')
param location string

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))

output AZURE_LOCATION string = location
output RESOURCE_TOKEN string = resourceToken
