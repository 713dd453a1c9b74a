@description('Name of the user-assigned managed identity.')
param name string
param location string
param tags object

// The app's one identity: the Functions host, the Durable task hub, the images, Redis and Application Insights all take its tokens.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output resourceId string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
