from Cython.Build import cythonize
from setuptools import Extension, setup

setup(ext_modules=cythonize([Extension("cyfib", ["cyfib.pyx"])], language_level=3))
