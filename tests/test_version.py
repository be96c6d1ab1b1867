"""The version is written once (corpusprep/version.py) and read cheaply."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys

import corpusprep


def test_the_version_is_the_installed_packages():
    assert corpusprep.__version__ == importlib.metadata.version("corpusprep")


def test_a_worker_does_not_import_importlib_metadata():
    """Every spawned worker imports the pipeline: ``importlib.metadata`` would cost each ~35 ms."""
    code = ("import sys, corpusprep.pipeline, corpusprep.shard, corpusprep.dataset; "
            "print('importlib.metadata' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
