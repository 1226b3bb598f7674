# Links against libz of the target architecture (zlib1g-dev:<arch> in a cross image), found through the
# compiler's default multiarch search path.
from setuptools import Extension, setup

setup(
    ext_modules=[Extension("zcodec", ["src/zcodec.c"], libraries=["z"])],
    packages=[],
    py_modules=[],
)
