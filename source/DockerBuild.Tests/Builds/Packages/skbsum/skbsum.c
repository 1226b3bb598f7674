#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* The BSD 16-bit checksum of a bytes object, the size of a pointer on the machine it was compiled for, and the same as
   CMake's configure-time run found it (PROBED_POINTER_BITS, from CMakeLists.txt). */
static PyObject *bsdsum(PyObject *self, PyObject *args)
{
    Py_buffer data;
    if (!PyArg_ParseTuple(args, "y*", &data))
        return NULL;
    unsigned int sum = 0;
    const unsigned char *bytes = data.buf;
    for (Py_ssize_t i = 0; i < data.len; i++) {
        sum = (sum >> 1) + ((sum & 1) << 15);
        sum = (sum + bytes[i]) & 0xffff;
    }
    PyBuffer_Release(&data);
    return PyLong_FromUnsignedLong(sum);
}

static PyObject *pointer_bits(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong((long)(sizeof(void *) * 8));
}

static PyObject *probed_pointer_bits(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(PROBED_POINTER_BITS);
}

static PyMethodDef methods[] = {
    {"bsdsum", bsdsum, METH_VARARGS, "BSD checksum of a bytes-like object."},
    {"pointer_bits", pointer_bits, METH_NOARGS, "Bits in a pointer on the machine the module was compiled for."},
    {"probed_pointer_bits", probed_pointer_bits, METH_NOARGS, "Bits in a pointer, as a program CMake ran at configure time found."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "skbsum", NULL, -1, methods};

PyMODINIT_FUNC PyInit_skbsum(void) { return PyModule_Create(&module); }
