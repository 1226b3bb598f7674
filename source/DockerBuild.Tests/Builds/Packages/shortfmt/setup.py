from setuptools import Extension, setup

setup(ext_modules=[Extension("shortfmt", ["src/shortfmt.cpp"], language="c++", extra_compile_args=["-std=c++17"])])
