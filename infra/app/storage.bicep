@description('Name of the storage account (3-24 lower-case letters and digits).')
param name string
param location string
param tags object

@description('Blob containers to create: the deployment package container and the image containers.')
param containers string[]

// Shared-key access is off: the Functions host, the Durable task hub and the app reach the account with the managed identity.
resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    dnsEndpointType: 'Standard'
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    supportsHttpsTrafficOnly: true
  }

  resource blobServices 'blobServices' = {
    name: 'default'

    resource container 'containers' = [for container in containers: {
      name: container
      properties: {
        publicAccess: 'None'
      }
    }]
  }
}

output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
