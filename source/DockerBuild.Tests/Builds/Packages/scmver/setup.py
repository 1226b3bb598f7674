from setuptools import Extension, setup

setup(ext_modules=[Extension("scmver._bits", ["src/scmver/_bits.c"])])
