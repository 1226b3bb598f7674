from setuptools import Extension, setup

# One wheel for every CPython from 3.9 on: the extension is compiled against the limited API of 3.9 (the compiler
# then rejects anything outside it), named abi3sum.abi3.so, and the wheel is tagged cp39-abi3.
setup(
    name="abi3sum",
    version="1.0.0",
    description="Fletcher-16 and a mean in C, for the stable ABI",
    python_requires=">=3.9",
    ext_modules=[
        Extension(
            "abi3sum",
            ["abi3sum.c"],
            define_macros=[("Py_LIMITED_API", "0x03090000")],
            py_limited_api=True,
        )
    ],
    options={"bdist_wheel": {"py_limited_api": "cp39"}},
)
