#include <Python.h>

/* PyUnicode_AsUTF8 entered the limited API only in CPython 3.13. */
static PyObject *first_byte(PyObject *self, PyObject *text)
{
    const char *utf8 = PyUnicode_AsUTF8(text);
    if (utf8 == NULL)
        return NULL;
    return PyLong_FromLong((unsigned char)utf8[0]);
}

static PyMethodDef methods[] = {
    {"first_byte", first_byte, METH_O, "The first byte of a string's UTF-8 encoding."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "abi3leak", NULL, -1, methods};

PyMODINIT_FUNC PyInit_abi3leak(void)
{
    return PyModule_Create(&module);
}
