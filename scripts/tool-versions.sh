# shellcheck shell=bash
# Every pinned version of the tools that scripts/install-gen-tools.sh and scripts/install-go-tools.sh
# install into .tools/ (gitignored). Sourced by those scripts; one place to bump. npm tools (buf,
# ts-proto) are pinned in package.json. Why these versions: docs/clients/versions.md.
#
# A generator's version sets the oldest runtime its output runs on ("new gencode + old runtime"
# is never supported), so where it matters we pin the generator at the oldest runtime we support,
# not at the newest release.

# protoc 25.9, from Maven Central (com.google.protobuf:protoc:3.25.9:exe:linux-x86_64). It writes
# the Java and Python messages. 25.x is the newest protoc whose Java output runs on protobuf-java
# 3.25 (4.x output needs a 4.x runtime) and whose Python output has no runtime version check (runs
# on protobuf 4.21 ... 7.x). Go and TypeScript output does not depend on it.
PROTOC_VERSION=3.25.9
# grpc-java's protoc plugin, from Maven Central (io.grpc:protoc-gen-grpc-java:V:exe:linux-x86_64).
# Its stubs need grpc-java >= V.
GRPC_JAVA_PLUGIN_VERSION=1.70.0
# Python gRPC stubs (grpcio-tools' plugin) and .pyi type stubs (mypy-protobuf), from PyPI, each in
# its own venv under .tools/ (grpcio-tools 1.70 wants protobuf < 6, mypy-protobuf 5 wants >= 6.32).
# grpcio-tools V writes stubs that refuse grpcio < V at import time.
GRPCIO_TOOLS_VERSION=1.70.0
GRPC_VENV_PINS="grpcio==1.70.0 protobuf==5.29.6"
MYPY_PROTOBUF_VERSION=5.1.0
MYPY_VENV_PINS="protobuf==7.36.2 types-protobuf==7.35.1.20260906"
# Go messages and gRPC stubs, by `go install` (module proxy). protoc-gen-go-grpc 1.5+ output needs
# grpc-go >= 1.64 (grpc.SupportPackageIsVersion9).
PROTOC_GEN_GO_VERSION=v1.36.12
PROTOC_GEN_GO_GRPC_VERSION=v1.6.2
# Generic gRPC command-line client and load generator, by `go install`.
GRPCURL_VERSION=v1.9.4
GHZ_VERSION=v0.120.0

# The runtimes of the cross-language interop programs (test/interop/python, test/interop/java;
# npm run test:interop): the newest releases. The client packages test their whole supported range
# (clients/python, clients/java).
INTEROP_PYTHON_PINS="grpcio==1.85.1 protobuf==7.36.2"
