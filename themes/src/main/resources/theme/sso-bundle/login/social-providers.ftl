<#-- Login methods of the widget: providers marked primary (identity provider config
     kcTheme-primary=true) as full-width pills, the others as round icon buttons under "Other login
     methods"; past ssoBundleMaxRoundIcons the rest collapse behind "…" (a <details>, no script). -->
<#macro icon providerId>
  <#assign id = providerId?lower_case>
  <#if id == "mtls" || id?contains("x509") || id?contains("cert")>
    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2h-5v2.5l-2-1.2-2 1.2V17H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm0 2v10h7v-1.1a3.5 3.5 0 1 1 4 0V15h5V5H4zm2 2h8v2H6V7zm0 3h5v2H6v-2zm7 1.5a1.5 1.5 0 1 0 0-.01z"/></svg>
  <#elseif id?contains("entra") || id?contains("microsoft") || id?contains("azure")>
    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="#f25022" d="M2 2h9.5v9.5H2z"/><path fill="#7fba00" d="M12.5 2H22v9.5h-9.5z"/><path fill="#00a4ef" d="M2 12.5h9.5V22H2z"/><path fill="#ffb900" d="M12.5 12.5H22V22h-9.5z"/></svg>
  <#elseif id == "google">
    <svg viewBox="0 0 48 48" aria-hidden="true" focusable="false"><path fill="#EA4335" d="M24 9.5c3.54 0 6.71 1.22 9.21 3.6l6.85-6.85C35.9 2.38 30.47 0 24 0 14.62 0 6.51 5.38 2.56 13.22l7.98 6.19C12.43 13.72 17.74 9.5 24 9.5z"/><path fill="#4285F4" d="M46.98 24.55c0-1.57-.15-3.09-.38-4.55H24v9.02h12.94c-.58 2.96-2.26 5.48-4.78 7.18l7.73 6c4.51-4.18 7.09-10.36 7.09-17.65z"/><path fill="#FBBC05" d="M10.53 28.59c-.48-1.45-.76-2.99-.76-4.59s.27-3.14.76-4.59l-7.98-6.19C.92 16.46 0 20.12 0 24c0 3.88.92 7.54 2.56 10.78l7.97-6.19z"/><path fill="#34A853" d="M24 48c6.48 0 11.93-2.13 15.89-5.81l-7.73-6c-2.15 1.45-4.92 2.3-8.16 2.3-6.26 0-11.57-4.22-13.47-9.91l-7.98 6.19C6.51 42.62 14.62 48 24 48z"/></svg>
  <#elseif id?contains("saml") || id?contains("adfs")>
    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M3 21V5l9-3 9 3v16h-7v-5h-4v5H3zm4-12h2V7H7v2zm4 0h2V7h-2v2zm4 0h2V7h-2v2zm-8 4h2v-2H7v2zm4 0h2v-2h-2v2zm4 0h2v-2h-2v2z"/></svg>
  <#else>
    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M7 14a2 2 0 1 1 0-4 2 2 0 0 1 0 4zm5.65-4A6 6 0 1 0 12.65 14H17v4h4v-4h2v-4H12.65z"/></svg>
  </#if>
</#macro>

<#macro show social>
  <#assign primary = social.providers?filter(p -> ((p.themeConfig["primary"])!"") == "true")>
  <#assign others = social.providers?filter(p -> ((p.themeConfig["primary"])!"") != "true")>
  <#assign maxIcons = (properties.ssoBundleMaxRoundIcons!"5")?number>
  <div id="kc-social-providers" class="sso-methods">
    <#if primary?has_content>
      <ul class="sso-primary-methods">
        <#list primary as p>
          <li>
            <a id="social-${p.alias}" class="sso-button sso-button-primary sso-method-pill" href="${p.loginUrl}">
              <span class="sso-method-icon"><@icon providerId=p.providerId/></span>
              <span class="sso-method-label">${p.displayName!}</span>
            </a>
          </li>
        </#list>
      </ul>
    </#if>
    <#if others?has_content>
      <p class="sso-other-title" id="sso-other-methods-title">${msg(primary?has_content?then("ssoBundleOtherMethods", "ssoBundleLoginMethods"))}</p>
      <ul class="sso-round-methods" aria-labelledby="sso-other-methods-title">
        <#assign visible = (others?size gt maxIcons)?then(maxIcons - 1, others?size)>
        <#list others as p>
          <#if p?index lt visible>
            <li>
              <a id="social-${p.alias}" class="sso-round-button" href="${p.loginUrl}" aria-label="${p.displayName!}" title="${p.displayName!}">
                <@icon providerId=p.providerId/>
              </a>
            </li>
          </#if>
        </#list>
        <#if others?size gt visible>
          <li>
            <details class="sso-more-methods">
              <summary class="sso-round-button" aria-label="${msg("ssoBundleMoreMethods")}" title="${msg("ssoBundleMoreMethods")}">
                <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="5" cy="12" r="2" fill="currentColor"/><circle cx="12" cy="12" r="2" fill="currentColor"/><circle cx="19" cy="12" r="2" fill="currentColor"/></svg>
              </summary>
              <ul class="sso-more-list">
                <#list others as p>
                  <#if p?index gte visible>
                    <li>
                      <a id="social-${p.alias}" class="sso-button sso-button-secondary" href="${p.loginUrl}">
                        <span class="sso-method-icon"><@icon providerId=p.providerId/></span>
                        <span>${p.displayName!}</span>
                      </a>
                    </li>
                  </#if>
                </#list>
              </ul>
            </details>
          </li>
        </#if>
      </ul>
    </#if>
  </div>
</#macro>
