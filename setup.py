"""The packages of the distribution: kg and every package under it, found,
and the top-level ontology/ folder (ontology, shapes, example queries)
installed as kg.ontology. The rest of the configuration is in pyproject.toml."""
from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["kg", "kg.*"]) + ["kg.ontology"],
    package_dir={"kg.ontology": "ontology"},
)
