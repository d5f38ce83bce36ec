<#import "field.ftl" as field>
<#import "footer.ftl" as loginFooter>
<#-- Widget frame for every login page: the logo tile, a narrow card with the title and the language
     button, messages, the page's form, login methods and info texts. Works without JavaScript. -->
<#macro username>
  <#assign label>
    <#if !realm.loginWithEmailAllowed>${msg("username")}<#elseif !realm.registrationEmailAsUsername>${msg("usernameOrEmail")}<#else>${msg("email")}</#if>
  </#assign>
  <@field.group name="username" label=label>
    <div class="${properties.kcInputGroup}">
      <div class="${properties.kcInputGroupItemClass} ${properties.kcFill}">
        <span class="${properties.kcInputClass} ${properties.kcFormReadOnlyClass}">
          <input id="kc-attempted-username" value="${auth.attemptedUsername}" aria-label="${label}" readonly>
        </span>
      </div>
      <div class="${properties.kcInputGroupItemClass}">
        <a id="reset-login" class="${properties.kcFormPasswordVisibilityButtonClass} sso-restart" href="${url.loginRestartFlowUrl}"
           aria-label="${msg('restartLoginTooltip')}" title="${msg('restartLoginTooltip')}">
          <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false"><path fill="currentColor" d="M17.65 6.35A7.96 7.96 0 0 0 12 4a8 8 0 1 0 7.75 10h-2.08A6 6 0 1 1 12 6c1.66 0 3.14.69 4.22 1.78L13 11h7V4l-2.35 2.35z"/></svg>
        </a>
      </div>
    </div>
  </@field.group>
</#macro>

<#-- A colour from a realm attribute, used only when it is a plain hex colour (no CSS injection). -->
<#function hexColour attribute fallback>
  <#assign value = (realm.attributes[attribute])!"">
  <#if value?matches("#[0-9A-Fa-f]{3}([0-9A-Fa-f]{3})?")>
    <#return value>
  </#if>
  <#return fallback>
</#function>

<#-- A realm-localized text an admin added, or "" when none is configured. -->
<#function optionalText key>
  <#assign text = msg(key)>
  <#if text == key || !text?has_content>
    <#return "">
  </#if>
  <#return text>
</#function>

<#macro registrationLayout bodyClass="" displayInfo=false displayMessage=true displayRequiredFields=false>
<#global appName = (client?? && client.name?has_content)?then(advancedMsg(client.name), (realm.displayName?has_content)?then(realm.displayName, realm.name))>
<#assign clientLogo = (client?? && client.attributes?? && client.attributes["logoUri"]??)?then(client.attributes["logoUri"], "")>
<#assign logoUrl = clientLogo?has_content?then(clientLogo, (realm.attributes["ssoBundle.logoUrl"])!"")>
<#assign primaryColour = hexColour("ssoBundle.primaryColor", properties.ssoBundleDefaultPrimaryColor)>
<#assign buttonTextColour = hexColour("ssoBundle.buttonTextColor", properties.ssoBundleDefaultButtonTextColor)>
<!DOCTYPE html>
<html class="${properties.kcHtmlClass!} sso-bundle" lang="${lang}"<#if realm.internationalizationEnabled> dir="${(locale.rtl)?then('rtl','ltr')}"</#if>>
<head>
    <meta charset="utf-8">
    <meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
    <meta name="color-scheme" content="light">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <#if properties.meta?has_content>
        <#list properties.meta?split(' ') as meta>
            <meta name="${meta?split('==')[0]}" content="${meta?split('==')[1]}"/>
        </#list>
    </#if>
    <#-- "title" is set by Keycloak 26.5+; 26.4 pages fall back to keycloak.v2's own title. -->
    <title>${title!msg("loginTitle",(realm.displayName!''))}</title>
    <link rel="icon" href="${url.resourcesPath}/img/favicon.ico" />
    <#if properties.stylesCommon?has_content>
        <#list properties.stylesCommon?split(' ') as style>
            <link href="${url.resourcesCommonPath}/${style}" rel="stylesheet" />
        </#list>
    </#if>
    <#if properties.styles?has_content>
        <#list properties.styles?split(' ') as style>
            <link href="${url.resourcesPath}/${style}" rel="stylesheet" />
        </#list>
    </#if>
    <style id="sso-bundle-settings">:root { --sso-primary: ${primaryColour}; --sso-on-primary: ${buttonTextColour}; }</style>
    <#if properties.scripts?has_content>
        <#list properties.scripts?split(' ') as script>
            <script src="${url.resourcesPath}/${script}" type="text/javascript"></script>
        </#list>
    </#if>
    <#if scripts??>
        <#list scripts as script>
            <script src="${script}" type="text/javascript"></script>
        </#list>
    </#if>
    <script type="module" src="${url.resourcesPath}/js/passwordVisibility.js"></script>
    <script type="module">
        <#outputformat "JavaScript">
        import { startSessionPolling } from ${(url.resourcesPath + "/js/authChecker.js")?c};
        startSessionPolling(${url.ssoLoginInOtherTabsUrl?c});
        </#outputformat>
    </script>
    <#if authenticationSession??>
        <script type="module">
            <#outputformat "JavaScript">
            import { checkAuthSession } from ${(url.resourcesPath + "/js/authChecker.js")?c};
            checkAuthSession(${authenticationSession.authSessionIdHash?c});
            </#outputformat>
        </script>
    </#if>
</head>

<body id="keycloak-bg" class="sso-page ${bodyClass}" data-page-id="login-${pageId}">
<div class="sso-layout">
  <main class="sso-card" aria-labelledby="kc-page-title">
    <div class="sso-logo-tile">
      <#if logoUrl?has_content>
        <img class="sso-logo" src="${logoUrl}" alt="${appName}">
      <#else>
        <svg class="sso-logo sso-logo-default" viewBox="0 0 48 48" role="img" aria-label="${appName}">
          <defs><linearGradient id="sso-logo-gradient" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#ff5f8a"/><stop offset="1" stop-color="var(--sso-primary)"/></linearGradient></defs>
          <rect width="48" height="48" rx="12" fill="url(#sso-logo-gradient)"/>
          <path fill="#fff" d="M24 11c-5 0-9 4-9 9v3h-2v14h22V23h-2v-3c0-5-4-9-9-9zm0 4c2.8 0 5 2.2 5 5v3H19v-3c0-2.8 2.2-5 5-5zm0 12a2.5 2.5 0 0 1 1.2 4.7V34h-2.4v-2.3A2.5 2.5 0 0 1 24 27z"/>
        </svg>
      </#if>
    </div>
    <div class="sso-card-header">
      <h1 id="kc-page-title" class="sso-title"><#nested "header"></h1>
      <#if realm.internationalizationEnabled && locale.supported?size gt 1>
        <details class="sso-language" id="kc-locale">
          <summary class="sso-language-button" aria-label="${msg("languages")}: ${locale.current}" title="${msg("languages")}">
            <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm6.9 6h-2.95a15.7 15.7 0 0 0-1.38-3.56A8.03 8.03 0 0 1 18.9 8zM12 4.04c.83 1.2 1.48 2.53 1.91 3.96h-3.82c.43-1.43 1.08-2.76 1.91-3.96zM4.26 14a8.2 8.2 0 0 1 0-4h3.38a16.5 16.5 0 0 0 0 4H4.26zm.82 2h2.95c.32 1.25.78 2.45 1.38 3.56A7.99 7.99 0 0 1 5.08 16zm2.95-8H5.08a7.99 7.99 0 0 1 4.33-3.56A15.7 15.7 0 0 0 8.03 8zM12 19.96A14.1 14.1 0 0 1 10.09 16h3.82A14.1 14.1 0 0 1 12 19.96zM14.34 14H9.66a14.7 14.7 0 0 1 0-4h4.68a14.7 14.7 0 0 1 0 4zm.25 5.56c.6-1.11 1.06-2.31 1.38-3.56h2.95a8.03 8.03 0 0 1-4.33 3.56zM16.36 14a16.5 16.5 0 0 0 0-4h3.38a8.2 8.2 0 0 1 0 4h-3.38z"/></svg>
          </summary>
          <ul class="sso-language-menu" aria-label="${msg("languages")}">
            <#list locale.supported?sort_by("label") as l>
              <li><a href="${l.url}" lang="${l.languageTag}"<#if l.languageTag == locale.currentLanguageTag> aria-current="true"</#if>>${l.label}</a></li>
            </#list>
          </ul>
        </details>
      </#if>
    </div>

    <div class="sso-card-body">
      <#if !(auth?has_content && auth.showUsername() && !auth.showResetCredentials())>
        <#if displayRequiredFields>
          <p class="sso-required-note"><span class="${properties.kcInputRequiredClass!}">*</span> ${msg("requiredFields")}</p>
        </#if>
      <#else>
        <#if displayRequiredFields>
          <p class="sso-required-note"><span class="${properties.kcInputRequiredClass!}">*</span> ${msg("requiredFields")}</p>
        </#if>
        <div class="${properties.kcFormClass} ${properties.kcContentWrapperClass}">
          <#nested "show-username">
          <@username />
        </div>
      </#if>

      <#-- App-initiated actions should not see warnings about completing the action during login. -->
      <#if displayMessage && message?has_content && (message.type != 'warning' || !isAppInitiatedAction??)>
        <div class="sso-alert sso-alert-${message.type}" role="${(message.type == 'error')?then('alert', 'status')}">
          <span class="kc-feedback-text">${kcSanitize(message.summary)?no_esc}</span>
        </div>
      </#if>

      <#nested "form">

      <#if auth?has_content && auth.showTryAnotherWayLink()>
        <form id="kc-select-try-another-way-form" action="${url.loginAction}" method="post" novalidate="novalidate">
          <input type="hidden" name="tryAnotherWay" value="on"/>
          <button type="submit" id="try-another-way" class="sso-button sso-button-secondary">${msg("doTryAnotherWay")}</button>
        </form>
      </#if>

      <#if switchOrganizationEnabled?? && switchOrganizationEnabled>
        <form id="kc-switch-organization-form" action="${url.loginAction}" method="post" novalidate="novalidate">
          <input type="hidden" name="switchOrganization" value="true"/>
          <button type="submit" id="switch-organization" class="sso-button sso-button-secondary">${msg("doSwitchOrganization")}</button>
        </form>
      </#if>

      <#nested "socialProviders">

      <#if displayInfo>
        <div id="kc-info" class="sso-info">
          <#nested "info">
        </div>
      </#if>

      <#assign infoInside = optionalText("ssoBundleInfoInside")>
      <#if infoInside?has_content>
        <p id="sso-info-inside" class="sso-info-text">${kcSanitize(infoInside)?no_esc}</p>
      </#if>
      <@loginFooter.content/>
    </div>
  </main>
  <#assign infoBelow = optionalText("ssoBundleInfoBelow")>
  <#if infoBelow?has_content>
    <p id="sso-info-below" class="sso-info-below">${kcSanitize(infoBelow)?no_esc}</p>
  </#if>
</div>
</body>
</html>
</#macro>
