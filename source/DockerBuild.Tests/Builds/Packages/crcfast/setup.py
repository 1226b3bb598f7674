import os

from setuptools import Extension, setup
from tablegen import crc32_table, write_header

# The table is generated when the package is built, so the source tree carries only the generator's input.
here = os.path.dirname(os.path.abspath(__file__))
write_header(os.path.join(here, "src", "crc_table.h"), "crc_table", crc32_table())

setup(ext_modules=[Extension("crcfast", ["src/crcfast.c"])])
