"""wasi-testsuite runtime adapter for hoist: the suite's own runner
(`run-tests -r tests/wasi/hoist_adapter.py`) drives `hoist run`.

The binary is `$HOIST` (a command line, split like a shell would), by
default `target/release/hoist` or `target/debug/hoist` of this repo.
"""

import os
import shlex
import subprocess
from pathlib import Path
from typing import Dict, List, Tuple

_REPO = Path(__file__).resolve().parent.parent.parent


def _default_binary() -> str:
    for profile in ("release", "debug"):
        candidate = _REPO / "target" / profile / "hoist"
        if candidate.exists():
            return str(candidate)
    return "hoist"


HOIST = shlex.split(os.getenv("HOIST", _default_binary()))


def get_name() -> str:
    return "hoist"


def get_version() -> str:
    result = subprocess.run(HOIST[0:1] + ["--version"], encoding="UTF-8",
                            capture_output=True, check=True)
    return result.stdout.split()[1]


def get_wasi_versions() -> List[str]:
    return ["wasm32-wasip1"]


def get_wasi_worlds() -> List[str]:
    return ["wasi:cli/command"]


def compute_argv(test_path: str,
                 args_env_dirs: Tuple[List[str], Dict[str, str], List[Tuple[Path, str]]],
                 proposals: List[str],
                 wasi_world: str,
                 wasi_version: str) -> List[str]:
    args, env, dirs = args_env_dirs
    argv = HOIST + ["run"]
    for name, value in env.items():
        argv += ["--env", f"{name}={value}"]
    for host, guest in dirs:
        argv += ["--dir", f"{host}::{guest}"]
    if "sockets" in proposals:
        argv += ["-S", "inherit-network"]
    argv.append(test_path)
    argv += args
    return argv
