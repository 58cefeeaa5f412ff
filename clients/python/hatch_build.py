"""Build hook: brings the generated stubs of the repository (gen/python/namesrv/v1) into the package.

Building from the repository (`python -m build clients/python`), the stubs are copied into
src/namesrv_client/v1 with their imports of each other rewritten from `namesrv.v1` to
`namesrv_client.v1`, so that the installed package holds no top-level `namesrv` (see
pyproject.toml). gen/ stays the one committed copy; the copy here is ignored by git. Building from
an sdist, gen/ is not there and the copy that the sdist carries is used as it is. The environment
variable NAMESRV_GEN_PYTHON names another generated tree (the folder that holds namesrv/v1).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# Only module references: `from namesrv.v1 import x_pb2`, `import namesrv.v1.x_pb2`,
# 'namesrv.v1.x_pb2' (the module name handed to the protobuf builder) and type references in the
# .pyi. Proto names such as `.namesrv.v1.RouteBatch` inside serialized descriptors and method paths
# `/namesrv.v1.RouteService/...` are left alone: they are the wire contract.
_FROM_IMPORT = re.compile(r"^from namesrv\.v1 import ", re.MULTILINE)
_MODULE_REF = re.compile(r"(?<![\w./])namesrv\.v1\.(?=\w+_pb2(?:_grpc)?\b)")

_INIT = '''"""Generated messages and gRPC stubs of namesrv.v1 (copied from the repository's gen/python)."""
'''


def rewrite(text: str) -> str:
    """The stub source with its imports moved from `namesrv.v1` to `namesrv_client.v1`."""
    text = _FROM_IMPORT.sub("from namesrv_client.v1 import ", text)
    return _MODULE_REF.sub("namesrv_client.v1.", text)


def sync(root: Path) -> bool:
    """Copies gen/python/namesrv/v1 into src/namesrv_client/v1 if gen/ is there; says if it was."""
    override = os.environ.get("NAMESRV_GEN_PYTHON")  # another generated tree, e.g. a generator upgrade
    gen = Path(override) if override else root.parent.parent / "gen" / "python"
    src = gen / "namesrv" / "v1"
    if not src.is_dir():
        return False
    dst = root / "src" / "namesrv_client" / "v1"
    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    for f in sorted(src.iterdir()):
        if f.suffix in (".py", ".pyi") and f.name != "__init__.py":
            (dst / f.name).write_text(rewrite(f.read_text(encoding="utf-8")), encoding="utf-8")
    (dst / "__init__.py").write_text(_INIT, encoding="utf-8")
    return True


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        copied = sync(Path(self.root))
        if not copied and not (Path(self.root) / "src" / "namesrv_client" / "v1" / "route_pb2.py").exists():
            raise RuntimeError("namesrv-client: no generated stubs (gen/python not found, none in the sdist)")
