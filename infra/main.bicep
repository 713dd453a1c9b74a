targetScope = 'subscription'

// ImageFunctions on Azure: a Linux Flex Consumption function app (.NET 10 isolated) running as a user-assigned managed
// identity, which reaches the storage account (shared keys disabled), Azure Managed Redis (access keys disabled) and
// Application Insights (local auth disabled) with Microsoft Entra tokens only. `azd up` provisions this and deploys
// ImageFunctions/ (azure.yaml, service 'api').

@minLength(1)
@maxLength(64)
@description('Name of the environment, which makes the unique token in every resource name.')
param environmentName string

@minLength(1)
@description('Region of all resources; it must offer Flex Consumption and Azure Managed Redis.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of a developer to give the app\'s data roles (storage, Redis, telemetry) for debugging; empty: none.')
param principalId string = ''

@description('Memory of each function app instance, in MB (512, 2048 or 4096).')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Most function app instances (40-1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('HMAC-SHA256 key of the completion webhook (at least 16 characters). Empty: notify_url is refused.')
@secure()
param notificationsSigningSecret string = ''

@description('SKU of Azure Managed Redis.')
param redisSkuName string = 'Balanced_B0'

param apiServiceName string = ''
param apiUserAssignedIdentityName string = ''
param applicationInsightsName string = ''
param appServicePlanName string = ''
param logAnalyticsName string = ''
param redisName string = ''
param resourceGroupName string = ''
param storageAccountName string = ''

var abbrs = loadJsonContent('./abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = !empty(apiServiceName) ? apiServiceName : '${abbrs.webSitesFunctions}api-${resourceToken}'
var deploymentStorageContainerName = 'app-package-${take(functionAppName, 32)}-${take(toLower(uniqueString(functionAppName, resourceToken)), 7)}'

// The app's containers; the same names are set below (ImageFunctions__Storage__*Container).
var uploadsContainer = 'uploads'
var processedContainer = 'processed-images'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module apiUserAssignedIdentity './app/identity.bicep' = {
  name: 'apiUserAssignedIdentity'
  scope: rg
  params: {
    name: !empty(apiUserAssignedIdentityName) ? apiUserAssignedIdentityName : '${abbrs.managedIdentityUserAssignedIdentities}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage './app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: !empty(storageAccountName) ? storageAccountName : '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    containers: [deploymentStorageContainerName, uploadsContainer, processedContainer]
  }
}

module monitoring './app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    applicationInsightsName: !empty(applicationInsightsName) ? applicationInsightsName : '${abbrs.insightsComponents}${resourceToken}'
    logAnalyticsName: !empty(logAnalyticsName) ? logAnalyticsName : '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    location: location
    tags: tags
  }
}

module redis './app/redis.bicep' = {
  name: 'redis'
  scope: rg
  params: {
    name: !empty(redisName) ? redisName : '${abbrs.cacheRedisEnterprise}${resourceToken}'
    location: location
    tags: tags
    skuName: redisSkuName
    principalIds: concat([apiUserAssignedIdentity.outputs.principalId], empty(principalId) ? [] : [principalId])
  }
}

module rbac './app/rbac.bicep' = {
  name: 'rbacAssignments'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    managedIdentityPrincipalId: apiUserAssignedIdentity.outputs.principalId
    userPrincipalId: principalId
  }
}

module api './app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: !empty(appServicePlanName) ? appServicePlanName : '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityId: apiUserAssignedIdentity.outputs.resourceId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentStorageContainerName: deploymentStorageContainerName
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    // Every setting the app reads (BicepTemplateTests derives the list from the code and checks it against this object).
    // Flex Consumption sets the runtime in functionAppConfig: no FUNCTIONS_WORKER_RUNTIME or FUNCTIONS_EXTENSION_VERSION.
    appSettings: {
      // The Functions host, the Durable task hub (Azure Storage provider) and the images: identity-based, no keys.
      AzureWebJobsStorage__accountName: storage.outputs.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: apiUserAssignedIdentity.outputs.clientId
      AzureWebJobsDisableHomepage: 'true'
      // The request cap the limits below allow (Api/Submission/RequestBodyLimit.cs); BicepTemplateTests holds them together.
      FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '1075532896'
      // Application Insights with local auth disabled: the connection string says where, the authentication string
      // says to send the managed identity's Entra token.
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${apiUserAssignedIdentity.outputs.clientId};Authorization=AAD'
      // Redis with Microsoft Entra: the managed identity's object id and tokens.
      ImageFunctions__Redis__Host: redis.outputs.host
      ImageFunctions__Redis__credential: 'managedidentity'
      ImageFunctions__Redis__clientId: apiUserAssignedIdentity.outputs.clientId
      // The app's options, at its defaults (ImageFunctions/Settings/ImageFunctionsOptions.cs; README, Configuration).
      ImageFunctions__Storage__UploadsContainer: uploadsContainer
      ImageFunctions__Storage__ProcessedContainer: processedContainer
      ImageFunctions__Storage__LocalRoot: 'processed-images'
      ImageFunctions__Limits__MaxFiles: '100'
      ImageFunctions__Limits__MaxFileBytes: '26214400'
      ImageFunctions__Limits__MaxPixels: '40000000'
      ImageFunctions__Limits__MaxMetadataSegments: '64'
      ImageFunctions__Limits__MaxMetadataBytes: '4194304'
      ImageFunctions__Limits__PixelBudget: '40000000'
      ImageFunctions__Limits__MaxJobBytes: '1073741824'
      ImageFunctions__Limits__MaxJobPixels: '2000000000'
      ImageFunctions__Limits__UploadPartTimeoutSeconds: '300'
      ImageFunctions__Limits__UploadRequestTimeoutSeconds: '3600'
      ImageFunctions__Limits__UploadMinBytesPerWindow: '32768'
      ImageFunctions__Limits__UploadRateWindowSeconds: '10'
      ImageFunctions__Jobs__RetentionHours: '24'
      ImageFunctions__Jobs__ShareResultsAcrossJobs: 'false'
      ImageFunctions__Jobs__MaxActivitiesInFlightPerJob: '8'
      ImageFunctions__Notifications__SigningSecret: notificationsSigningSecret
      ImageFunctions__Notifications__AllowHttp: 'false'
      ImageFunctions__Notifications__AllowedHosts: ''
      ImageFunctions__Notifications__FirstRetrySeconds: '10'
      // The per-client submission limit, counted in Redis. The platform's front end already makes the caller's address the
      // connection's remote address: leave TrustForwardedFor off unless Front Door or a gateway sits in front.
      ImageFunctions__RateLimit__Enabled: 'true'
      ImageFunctions__RateLimit__PermitLimit: '60'
      ImageFunctions__RateLimit__WindowSeconds: '60'
      ImageFunctions__RateLimit__TrustForwardedFor: 'false'
      ImageFunctions__RateLimit__RedisTimeoutMilliseconds: '1000'
      ImageFunctions__Backends__RequestTimeoutSeconds: '5'
    }
  }
  dependsOn: [rbac]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_NAME string = api.outputs.SERVICE_API_NAME
output SERVICE_API_NAME string = api.outputs.SERVICE_API_NAME
output SERVICE_API_URI string = api.outputs.SERVICE_API_URI
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output REDIS_HOST string = redis.outputs.host
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString
