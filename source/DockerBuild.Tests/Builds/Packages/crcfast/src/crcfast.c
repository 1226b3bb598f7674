#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "crc_table.h"

static PyObject *crc32(PyObject *self, PyObject *args)
{
    Py_buffer data;
    unsigned int crc = 0;
    if (!PyArg_ParseTuple(args, "y*|I", &data, &crc))
        return NULL;
    const unsigned char *bytes = data.buf;
    crc = ~crc;
    for (Py_ssize_t i = 0; i < data.len; i++)
        crc = crc_table[(crc ^ bytes[i]) & 0xff] ^ (crc >> 8);
    PyBuffer_Release(&data);
    return PyLong_FromUnsignedLong(~crc & 0xffffffffu);
}

static PyMethodDef methods[] = {
    {"crc32", crc32, METH_VARARGS, "CRC-32 of a bytes-like object, optionally continuing from a previous value."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "crcfast", "Table-driven CRC-32.", -1, methods};

PyMODINIT_FUNC PyInit_crcfast(void) { return PyModule_Create(&module); }
