@description('Name of the Azure Managed Redis instance.')
param name string
param location string
param tags object

@description('SKU of Azure Managed Redis; Balanced_B0 is the smallest.')
param skuName string = 'Balanced_B0'

@description('Object (principal) ids given the default access policy: the app identity, and optionally a developer.')
param principalIds string[]

// Azure Managed Redis with Microsoft Entra authentication only (access keys disabled), TLS on port 10000. The app connects
// with ImageFunctions__Redis__Host and the managed identity's tokens (ImageFunctions/Hosting/RedisEntraAuthentication.cs).
resource redis 'Microsoft.Cache/redisEnterprise@2025-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
  }
  properties: {
    minimumTlsVersion: '1.2'
  }

  resource database 'databases' = {
    name: 'default'
    properties: {
      accessKeysAuthentication: 'Disabled'
      clientProtocol: 'Encrypted'
      clusteringPolicy: 'EnterpriseCluster'
      // Every key the app writes has a time to live; when memory runs out writes fail (and are logged) rather than
      // silently dropping a deletion mark or a job's progress.
      evictionPolicy: 'NoEviction'
      port: 10000
    }

    resource access 'accessPolicyAssignments' = [for (principalId, i) in principalIds: {
      name: 'access${i}'
      properties: {
        accessPolicyName: 'default'
        user: {
          objectId: principalId
        }
      }
    }]
  }
}

output name string = redis.name
@description('host:port for ImageFunctions__Redis__Host.')
output host string = '${redis.properties.hostName}:${redis::database.properties.port}'
