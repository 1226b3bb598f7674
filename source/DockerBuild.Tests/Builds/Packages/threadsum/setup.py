from setuptools import Extension, setup

setup(ext_modules=[Extension("threadsum", ["src/threadsum.c"])])
