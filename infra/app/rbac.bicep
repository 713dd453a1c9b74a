param storageAccountName string
param applicationInsightsName string

@description('Principal id of the app\'s user-assigned managed identity.')
param managedIdentityPrincipalId string

@description('Principal id of a developer to give the same data roles (for debugging); empty: none.')
param userPrincipalId string = ''

// Built-in role definitions (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Functions host, deployment package, Durable leases, images
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Durable control and work-item queues
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Durable history and instance tables
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb' // Application Insights with local auth disabled
}
var storageRoles = [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]
var principals = concat(
  [{ id: managedIdentityPrincipalId, type: 'ServicePrincipal' }],
  empty(userPrincipalId) ? [] : [{ id: userPrincipalId, type: 'User' }]
)

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for pair in flatten(map(principals, p => map(storageRoles, r => { principal: p, role: r }))): {
  name: guid(storage.id, pair.principal.id, pair.role)
  scope: storage
  properties: {
    principalId: pair.principal.id
    principalType: pair.principal.type
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', pair.role)
  }
}]

resource monitoringRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for principal in principals: {
  name: guid(applicationInsights.id, principal.id, roles.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    principalId: principal.id
    principalType: principal.type
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}]
