<#import "template.ftl" as layout>
<#-- Logout confirmation in the widget card. Its own template because the base theme's button
     carries tabindex="4", which moves it out of the page's reading order (axe "tabindex", serious). -->
<@layout.registrationLayout; section>
    <#if section = "header">
        ${msg("logoutConfirmTitle")}
    <#elseif section = "form">
        <div id="kc-logout-confirm">
            <p>${msg("logoutConfirmHeader")}</p>
            <form action="${url.logoutConfirmAction}" onsubmit="confirmLogout.disabled = true; return true;" method="POST">
                <input type="hidden" name="session_code" value="${logoutConfirm.code}">
                <input class="sso-button sso-button-primary" name="confirmLogout" id="kc-logout" type="submit" value="${msg("doLogout")}"/>
            </form>
            <#if !logoutConfirm.skipLink && (client.baseUrl)?has_content>
                <p id="kc-info-message" class="sso-info-text"><a href="${client.baseUrl}">${msg("backToApplication")}</a></p>
            </#if>
        </div>
    </#if>
</@layout.registrationLayout>
