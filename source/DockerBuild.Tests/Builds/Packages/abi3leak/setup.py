from setuptools import Extension, setup

# Tagged for the stable ABI, but compiled without Py_LIMITED_API: nothing stops the C code from using the full API.
setup(
    name="abi3leak",
    version="1.0.0",
    description="Claims abi3 while using a function outside the limited API of 3.9",
    python_requires=">=3.9",
    ext_modules=[Extension("abi3leak", ["abi3leak.c"], py_limited_api=True)],
    options={"bdist_wheel": {"py_limited_api": "cp39"}},
)
