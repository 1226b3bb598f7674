#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *popcount(PyObject *self, PyObject *args)
{
    unsigned long long value;
    if (!PyArg_ParseTuple(args, "K", &value))
        return NULL;
    int count = 0;
    for (; value; value &= value - 1)
        count++;
    return PyLong_FromLong(count);
}

static PyMethodDef methods[] = {
    {"popcount", popcount, METH_VARARGS, "Number of set bits of a 64-bit unsigned integer."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "scmver._bits", NULL, -1, methods};

PyMODINIT_FUNC PyInit__bits(void) { return PyModule_Create(&module); }
