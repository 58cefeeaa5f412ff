"""A protoc plugin that writes Python gRPC stubs (*_pb2_grpc.py) with grpcio-tools.

grpcio-tools ships its gRPC Python generator only inside its bundled protoc
(`python -m grpc_tools.protoc --grpc_python_out`), not as a plugin executable, and buf runs
plugins. This adapter takes buf's CodeGeneratorRequest, hands the request's descriptors to
grpcio-tools' protoc (--descriptor_set_in, so nothing is parsed twice and grpcio-tools' own protoc
version does not matter), and returns the files it wrote. Run with the interpreter of
.tools/grpc-venv (scripts/install-gen-tools.sh); see buf.gen.yaml.
"""

import os
import sys
import tempfile

from google.protobuf import descriptor_pb2
from google.protobuf.compiler import plugin_pb2
from grpc_tools import protoc


def main() -> int:
    request = plugin_pb2.CodeGeneratorRequest.FromString(sys.stdin.buffer.read())
    response = plugin_pb2.CodeGeneratorResponse(
        supported_features=plugin_pb2.CodeGeneratorResponse.FEATURE_PROTO3_OPTIONAL
    )
    with tempfile.TemporaryDirectory() as tmp:
        descriptors = os.path.join(tmp, "request.binpb")
        with open(descriptors, "wb") as f:
            f.write(descriptor_pb2.FileDescriptorSet(file=request.proto_file).SerializeToString())
        out = os.path.join(tmp, "out")
        os.mkdir(out)
        opt = f"{request.parameter}:" if request.parameter else ""
        code = protoc.main(
            ["grpc_tools.protoc", f"--descriptor_set_in={descriptors}", f"--grpc_python_out={opt}{out}"]
            + list(request.file_to_generate)
        )
        if code != 0:
            response.error = f"grpc_tools.protoc exited with {code}"
        else:
            for root, _, files in os.walk(out):
                for name in sorted(files):
                    path = os.path.join(root, name)
                    with open(path, encoding="utf-8") as f:
                        response.file.add(name=os.path.relpath(path, out), content=f.read())
    sys.stdout.buffer.write(response.SerializeToString())
    return 0


if __name__ == "__main__":
    sys.exit(main())
