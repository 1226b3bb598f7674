#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

/* Adler-32, the size of a pointer, so a test can tell which machine the module was compiled for, and the bits in a long
   as meson's configure-time run counted them (PROBED_LONG_BITS, from meson.build). */
static PyObject *adler32(PyObject *self, PyObject *args)
{
    Py_buffer data;
    if (!PyArg_ParseTuple(args, "y*", &data))
        return NULL;
    uint32_t a = 1, b = 0;
    const unsigned char *bytes = data.buf;
    for (Py_ssize_t i = 0; i < data.len; i++) {
        a = (a + bytes[i]) % 65521u;
        b = (b + a) % 65521u;
    }
    PyBuffer_Release(&data);
    return PyLong_FromUnsignedLong(((unsigned long)b << 16) | a);
}

static PyObject *pointer_bits(PyObject *self, PyObject *unused) { return PyLong_FromLong((long)(sizeof(void *) * 8)); }

static PyObject *probed_long_bits(PyObject *self, PyObject *unused) { return PyLong_FromLong(PROBED_LONG_BITS); }

static PyMethodDef methods[] = {
    {"adler32", adler32, METH_VARARGS, "Adler-32 of a bytes-like object."},
    {"pointer_bits", pointer_bits, METH_NOARGS, "Bits in a pointer on the machine the module was compiled for."},
    {"probed_long_bits", probed_long_bits, METH_NOARGS, "Bits in a long, counted by a program meson ran at configure time."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "mesonsum", NULL, -1, methods};

PyMODINIT_FUNC PyInit_mesonsum(void) { return PyModule_Create(&module); }
