package dev.ssobundle.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Upstream failures are described in our words, from the exception type, never from its (upstream-controlled) message. */
class UpstreamFailureWordingTest {

    @Test
    void namesTheKindOfNetworkFailureWithoutTheExceptionText() {
        assertThat(UpstreamMetadata.networkFailure(new IOException("wrapped", new SSLHandshakeException("PKIX secret-detail"))))
                .startsWith("TLS handshake failed").doesNotContain("secret-detail");
        assertThat(UpstreamMetadata.networkFailure(new SocketTimeoutException("Read timed out"))).isEqualTo("timed out");
        assertThat(UpstreamMetadata.networkFailure(new UnknownHostException("evil.internal"))).isEqualTo("unknown host");
        assertThat(UpstreamMetadata.networkFailure(new ConnectException("Connection refused"))).isEqualTo("connection refused");
        assertThat(UpstreamMetadata.networkFailure(new IOException("upstream said <html>secret</html>"))).isEqualTo("network error");
    }

    @Test
    void namesTheStatusClass() {
        assertThat(UpstreamMetadata.statusClass(503)).contains("server error");
        assertThat(UpstreamMetadata.statusClass(404)).contains("client error");
        assertThat(UpstreamMetadata.statusClass(401)).contains("not public");
        assertThat(UpstreamMetadata.statusClass(302)).contains("redirect");
    }

    @Test
    void domainOfAnEmailOrUpn() {
        assertThat(CustomerDomainGuardMapper.domainOf("Jeanne@Fabrikam.Example")).contains("fabrikam.example");
        assertThat(CustomerDomainGuardMapper.domainOf("G-4f7c-persistent-id")).isEmpty();
        assertThat(CustomerDomainGuardMapper.domainOf("trailing@")).isEmpty();
        assertThat(CustomerDomainGuardMapper.domainOf(null)).isEmpty();
    }
}
