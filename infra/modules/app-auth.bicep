// App Service Authentication (Easy Auth) with Microsoft Entra ID in front of the support console (/api/console) and
// the admin API (/api/admin): people sign in with their work account and the platform passes who they are to the app
// (X-MS-CLIENT-PRINCIPAL headers; the audit log records that person). What must stay open stays open: health, the
// seller's OAuth pages, TikTok's webhooks; the back-office API (/api/merchants) keeps using function keys.
// Without an Entra app registration (entraClientId empty) authentication is off and the admin API refuses every
// request (401): nothing is left open by default. docs/deploy.md shows how to register the app.
@description('Name of the function app.')
param functionAppName string

@description('Client id of the Entra ID app registration people sign in to; empty leaves sign-in off.')
param entraClientId string

@description('Entra ID tenant of the app registration.')
param entraTenantId string

var enabled = !empty(entraClientId)

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource auth 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: enabled
      runtimeVersion: '~1'
    }
    globalValidation: {
      requireAuthentication: true
      // A browser is sent to the sign-in page; the console's API calls (X-Requested-With) get 401 instead.
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      excludedPaths: [
        '/api/health'
        '/api/oauth/tiktok/authorize'
        '/api/oauth/tiktok/callback'
        '/api/webhooks/tiktok'
        '/api/merchants/*'
      ]
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: enabled
        registration: {
          clientId: entraClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${entraTenantId}/v2.0'
        }
        validation: {
          // Browsers sign in to the app; scripts and automation send an Entra token for api://<client id>.
          allowedAudiences: enabled ? [
            entraClientId
            'api://${entraClientId}'
          ] : []
        }
      }
    }
    login: {
      tokenStore: {
        enabled: true
      }
    }
    httpSettings: {
      requireHttps: true
      routes: {
        apiPrefix: '/.auth'
      }
    }
  }
}

output enabled bool = enabled
