from pybind11.setup_helpers import Pybind11Extension
from setuptools import setup

setup(ext_modules=[Pybind11Extension("pyvec", ["src/pyvec.cpp"], cxx_std=17)])
