# The extension is declared here because pyproject.toml cannot declare C extensions for setuptools.
from setuptools import Extension, setup

setup(
    ext_modules=[Extension("fastsum", ["src/fastsum.c"])],
    packages=[],
    py_modules=[],
)
