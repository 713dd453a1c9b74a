@description('Name of the function app.')
param name string
@description('Name of its Flex Consumption plan.')
param planName string
param location string
param tags object

@description('Resource id of the user-assigned managed identity the app runs as.')
param identityId string

param storageBlobEndpoint string
@description('Blob container the deployment package is uploaded to (with the managed identity).')
param deploymentStorageContainerName string

@description('Memory of each instance, in MB: 512, 2048 or 4096.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int

@description('Most instances the app scales out to (40-1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('The app settings: every option of the app and the identity-based connections (see main.bicep).')
@secure()
param appSettings object

// Flex Consumption: Linux only, one app per plan, scales per function group to maximumInstanceCount.
resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource api 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
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
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentStorageContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: appSettings
  }
}

output SERVICE_API_NAME string = api.name
output SERVICE_API_URI string = 'https://${api.properties.defaultHostName}'
