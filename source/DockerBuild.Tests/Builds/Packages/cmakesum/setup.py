"""Builds the extension with CMake, the way many projects drive CMake from setup.py."""
import os
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class CMakeExtension(Extension):
    def __init__(self, name, source_dir="."):
        super().__init__(name, sources=[])
        self.source_dir = os.path.abspath(source_dir)


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        output = os.path.abspath(os.path.dirname(self.get_ext_fullpath(ext.name)))
        build = os.path.join(os.path.abspath(self.build_temp), ext.name)
        os.makedirs(build, exist_ok=True)
        subprocess.check_call([
            "cmake", "-S", ext.source_dir, "-B", build,
            "-DCMAKE_BUILD_TYPE=Release",
            f"-DPython_EXECUTABLE={sys.executable}",
            f"-DCMAKE_LIBRARY_OUTPUT_DIRECTORY={output}",
        ])
        subprocess.check_call(["cmake", "--build", build])


setup(ext_modules=[CMakeExtension("cmakesum")], cmdclass={"build_ext": CMakeBuild})
