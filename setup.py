"""Packaging glue that pyproject.toml cannot express: the top-level resources/ and examples/ folders travel inside
the wheel as gkdesk/resources and gkdesk/examples (package data), so an installed gkdesk finds them the same way
as a checkout and the frozen bundle do (gkdesk/paths.py). Everything else is in pyproject.toml.
"""

from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).resolve().parent
#: package inside the wheel -> folder in the source tree
DATA_PACKAGES = {"gkdesk.resources": "resources", "gkdesk.examples": "examples"}


def data_packages() -> dict[str, str]:
    """Every folder under the data folders, as a (namespace) package of data files: 'gkdesk.resources.fonts'..."""
    out = {}
    for package, folder in DATA_PACKAGES.items():
        out[package] = folder
        for sub in sorted((HERE / folder).rglob("*")):
            if sub.is_dir() and sub.name != "__pycache__":
                rel = sub.relative_to(HERE / folder)
                out[".".join((package, *rel.parts))] = "/".join((folder, *rel.parts))
    return out


DATA = data_packages()

setup(
    packages=find_packages(include=["gkdesk", "gkdesk.*"]) + sorted(DATA),
    package_dir=DATA_PACKAGES,
    package_data={name: ["*"] for name in DATA},
    exclude_package_data={name: ["*.pyc"] for name in DATA},
)
