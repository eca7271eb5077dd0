"""Build step of the installable SDK (metadata lives in pyproject.toml).

Before setuptools collects the package, generate ``exchange_client/_generated`` from the
repository's ``schema/`` (with ``protoc``) so that the installed package ships it: an installed
copy has no schema beside it to generate from on first import.
"""

import sys
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "exchange_client"))
import _codegen  # noqa: E402 - standard library only, importable before anything is generated

schema = _codegen.default_schema_dir()
if schema is not None:
    _codegen.generate(schema)
elif not (_codegen.DEFAULT_OUT_DIR / _codegen.STAMP_NAME).is_file():
    sys.exit("exchange_client/_generated is missing and no schema/ was found: "
             "build from the repository, or set EXCHANGE_SCHEMA_DIR")

setup()
