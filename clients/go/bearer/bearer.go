// Package bearer sends a namesrv bearer token with every call: the metadata
// "authorization: Bearer <token>" that namesrv's auth checks (docs/security.md).
//
//	conn, err := grpc.NewClient(addr,
//		grpc.WithTransportCredentials(credentials.NewClientTLSFromCert(pool, "")),
//		grpc.WithPerRPCCredentials(bearer.Token(os.Getenv("NAMESRV_TOKEN"))))
package bearer

import (
	"context"

	"google.golang.org/grpc/credentials"
)

// Token returns per-RPC credentials that send token. gRPC refuses to send them over a connection
// without transport security; use Insecure for a plaintext test setup.
func Token(token string) credentials.PerRPCCredentials {
	return tokenCreds{token: token, secure: true}
}

// Insecure is Token allowed over plaintext connections too: the token can then be read by anyone
// on the path, so use it only on loopback or in tests.
func Insecure(token string) credentials.PerRPCCredentials {
	return tokenCreds{token: token, secure: false}
}

type tokenCreds struct {
	token  string
	secure bool
}

func (c tokenCreds) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + c.token}, nil
}

func (c tokenCreds) RequireTransportSecurity() bool { return c.secure }
