from setuptools import Extension, setup

setup(ext_modules=[Extension("multisum", ["src/module.c", "src/sums.c", "src/products.c", "src/poly.c"])])
