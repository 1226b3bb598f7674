#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

/* Fletcher-16 of a bytes object, the size of a pointer (the machine the module was built for), and the machine the
   configure-time probe ran on (PROBED_MACHINE, from CMakeLists.txt). */
static PyObject *fletcher16(PyObject *self, PyObject *args)
{
    Py_buffer data;
    if (!PyArg_ParseTuple(args, "y*", &data))
        return NULL;
    uint16_t low = 0, high = 0;
    const unsigned char *bytes = data.buf;
    for (Py_ssize_t i = 0; i < data.len; i++) {
        low = (uint16_t)((low + bytes[i]) % 255);
        high = (uint16_t)((high + low) % 255);
    }
    PyBuffer_Release(&data);
    return PyLong_FromLong(((long)high << 8) | low);
}

static PyObject *pointer_bits(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong((long)(sizeof(void *) * 8));
}

static PyObject *probed_machine(PyObject *self, PyObject *unused)
{
    return PyUnicode_FromString(PROBED_MACHINE);
}

static PyMethodDef methods[] = {
    {"fletcher16", fletcher16, METH_VARARGS, "Fletcher-16 checksum of a bytes-like object."},
    {"pointer_bits", pointer_bits, METH_NOARGS, "Bits in a pointer on the machine the module was compiled for."},
    {"probed_machine", probed_machine, METH_NOARGS, "The machine CMake's configure-time probe ran on."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "cmakesum", "Checksums built with CMake.", -1, methods};

PyMODINIT_FUNC PyInit_cmakesum(void) { return PyModule_Create(&module); }
