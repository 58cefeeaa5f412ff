package io.namesrv.client;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Sends {@code authorization: Bearer <token>} with every call. The token goes only over a
 * connection with privacy and integrity (TLS), or to a loopback authority ({@code 127.x},
 * {@code localhost}, {@code [::1]}); anywhere else the call fails UNAUTHENTICATED instead of
 * sending the token in clear.
 *
 * <pre>{@code stub.withCallCredentials(new BearerToken(token))}</pre>
 */
public final class BearerToken extends CallCredentials {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private final String token;

  public BearerToken(String token) {
    this.token = Objects.requireNonNull(token, "token");
    if (token.isEmpty()) throw new IllegalArgumentException("token: empty");
  }

  @Override
  public void applyRequestMetadata(RequestInfo info, Executor appExecutor, MetadataApplier applier) {
    if (info.getSecurityLevel() != SecurityLevel.PRIVACY_AND_INTEGRITY && !isLoopback(info.getAuthority())) {
      applier.fail(Status.UNAUTHENTICATED.withDescription(
          "BearerToken: refusing to send a token without TLS to " + info.getAuthority()));
      return;
    }
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + token);
    applier.apply(headers);
  }

  static boolean isLoopback(String authority) {
    String host = authority.startsWith("[") ? authority.substring(1, authority.indexOf(']'))
        : authority.contains(":") ? authority.substring(0, authority.lastIndexOf(':')) : authority;
    return host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
  }
}
