package dev.ssobundle.it.mtls;

import dev.ssobundle.it.harness.Browser;
import dev.ssobundle.it.harness.TestPki;
import java.net.Socket;
import java.net.http.HttpClient;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/** Cookie-keeping browsers that trust the test root CA and present a given client certificate (or none). */
final class CertificateClients {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private CertificateClients() {
    }

    static Browser browser(TestPki.Issued trustedRoot, TestPki.Issued clientCertificate, X509Certificate... chain) {
        return new Browser(HttpClient.newBuilder().sslContext(sslContext(trustedRoot, clientCertificate, chain)));
    }

    static Browser browserWithoutCertificate(TestPki.Issued trustedRoot) {
        return new Browser(HttpClient.newBuilder().sslContext(sslContext(trustedRoot, null)));
    }

    /**
     * Client key from a PKCS#12 key store, as a user's installed .p12. The key manager presents it
     * whatever CA names the server asks for, as a browser whose user picked it does: otherwise Java
     * would silently send no certificate for the untrusted-CA case and nginx would never see it.
     */
    static SSLContext sslContext(TestPki.Issued trustedRoot, TestPki.Issued clientCertificate, X509Certificate... chain) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("root", trustedRoot.certificate());
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            KeyManager[] keyManagers = null;
            if (clientCertificate != null) {
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(clientCertificate.keyStore(PASSWORD, chain), PASSWORD);
                keyManagers = new KeyManager[] {new AlwaysPresent((X509KeyManager) factory.getKeyManagers()[0])};
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class AlwaysPresent extends X509ExtendedKeyManager {

        private final X509KeyManager delegate;
        private final String alias;

        AlwaysPresent(X509KeyManager delegate) {
            this.delegate = delegate;
            this.alias = delegate.getClientAliases("RSA", null)[0];
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {alias};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return alias;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return alias;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }
    }
}
