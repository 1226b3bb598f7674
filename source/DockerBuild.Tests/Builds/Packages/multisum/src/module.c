#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "kernels.h"

static PyObject *py_sum_range(PyObject *self, PyObject *args)
{
    long long n;
    if (!PyArg_ParseTuple(args, "L", &n))
        return NULL;
    return PyLong_FromLongLong(sum_range(n));
}

static PyObject *py_factorial_mod(PyObject *self, PyObject *args)
{
    long long n, modulus;
    if (!PyArg_ParseTuple(args, "LL", &n, &modulus))
        return NULL;
    if (modulus <= 0) {
        PyErr_SetString(PyExc_ValueError, "modulus must be positive");
        return NULL;
    }
    return PyLong_FromLongLong(product_mod(n, modulus));
}

static PyObject *py_poly(PyObject *self, PyObject *args)
{
    PyObject *sequence;
    long long x;
    if (!PyArg_ParseTuple(args, "OL", &sequence, &x))
        return NULL;
    PyObject *fast = PySequence_Fast(sequence, "coefficients must be a sequence");
    if (!fast)
        return NULL;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(fast);
    long long coefficients[64];
    if (count > 64) {
        Py_DECREF(fast);
        PyErr_SetString(PyExc_ValueError, "at most 64 coefficients");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < count; i++)
        coefficients[i] = PyLong_AsLongLong(PySequence_Fast_GET_ITEM(fast, i));
    Py_DECREF(fast);
    if (PyErr_Occurred())
        return NULL;
    return PyLong_FromLongLong(horner(coefficients, (int)count, x));
}

static PyMethodDef methods[] = {
    {"sum_range", py_sum_range, METH_VARARGS, "1 + 2 + ... + n"},
    {"factorial_mod", py_factorial_mod, METH_VARARGS, "n! modulo m"},
    {"poly", py_poly, METH_VARARGS, "The polynomial with these coefficients (highest first) at x"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "multisum", NULL, -1, methods};

PyMODINIT_FUNC PyInit_multisum(void) { return PyModule_Create(&module); }
