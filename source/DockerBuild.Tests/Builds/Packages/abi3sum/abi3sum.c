#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Fletcher-16 over a bytes-like object. */
static PyObject *fletcher16(PyObject *self, PyObject *args)
{
    const unsigned char *data;
    Py_ssize_t length;
    if (!PyArg_ParseTuple(args, "y#", &data, &length))
        return NULL;
    unsigned int sum1 = 0, sum2 = 0;
    for (Py_ssize_t i = 0; i < length; i++) {
        sum1 = (sum1 + data[i]) % 255;
        sum2 = (sum2 + sum1) % 255;
    }
    return PyLong_FromUnsignedLong((sum2 << 8) | sum1);
}

/* The mean of a sequence of numbers, through the abstract sequence protocol. */
static PyObject *mean(PyObject *self, PyObject *sequence)
{
    Py_ssize_t count = PySequence_Size(sequence);
    if (count < 0)
        return NULL;
    if (count == 0) {
        PyErr_SetString(PyExc_ValueError, "mean of an empty sequence");
        return NULL;
    }
    double total = 0.0;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *item = PySequence_GetItem(sequence, i);
        if (item == NULL)
            return NULL;
        double value = PyFloat_AsDouble(item);
        Py_DECREF(item);
        if (value == -1.0 && PyErr_Occurred())
            return NULL;
        total += value;
    }
    return PyFloat_FromDouble(total / (double)count);
}

static PyMethodDef methods[] = {
    {"fletcher16", fletcher16, METH_VARARGS, "Fletcher-16 checksum of bytes."},
    {"mean", mean, METH_O, "Arithmetic mean of a sequence of numbers."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "abi3sum", NULL, -1, methods};

PyMODINIT_FUNC PyInit_abi3sum(void)
{
    return PyModule_Create(&module);
}
