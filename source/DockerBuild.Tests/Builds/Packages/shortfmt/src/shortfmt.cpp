// Shortest round-trip text of floats (C++17 std::to_chars) and a sorted, de-duplicated join of strings.
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <string>
#include <vector>

static std::string shortest_text(double value)
{
    char buffer[64];
    auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    if (result.ec != std::errc()) throw std::runtime_error("to_chars failed");
    return std::string(buffer, result.ptr);
}

static std::string sorted_join(std::vector<std::string> parts, const std::string &separator)
{
    if (parts.empty()) throw std::invalid_argument("nothing to join");
    std::sort(parts.begin(), parts.end());
    parts.erase(std::unique(parts.begin(), parts.end()), parts.end());
    std::string joined = parts.front();
    for (std::size_t i = 1; i < parts.size(); i++) joined += separator + parts[i];
    return joined;
}

static PyObject *shortest(PyObject *, PyObject *args)
{
    double value;
    if (!PyArg_ParseTuple(args, "d", &value)) return nullptr;
    try {
        auto text = shortest_text(value);
        return PyUnicode_FromStringAndSize(text.data(), static_cast<Py_ssize_t>(text.size()));
    } catch (const std::exception &e) {
        PyErr_SetString(PyExc_ValueError, e.what());
        return nullptr;
    }
}

static PyObject *join_sorted(PyObject *, PyObject *args)
{
    PyObject *sequence;
    const char *separator;
    if (!PyArg_ParseTuple(args, "Os", &sequence, &separator)) return nullptr;
    PyObject *fast = PySequence_Fast(sequence, "expected a sequence of str");
    if (fast == nullptr) return nullptr;
    std::vector<std::string> parts;
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(fast); i++) {
        Py_ssize_t size;
        const char *text = PyUnicode_AsUTF8AndSize(PySequence_Fast_GET_ITEM(fast, i), &size);
        if (text == nullptr) { Py_DECREF(fast); return nullptr; }
        parts.emplace_back(text, static_cast<std::size_t>(size));
    }
    Py_DECREF(fast);
    try {
        auto joined = sorted_join(std::move(parts), separator);
        return PyUnicode_FromStringAndSize(joined.data(), static_cast<Py_ssize_t>(joined.size()));
    } catch (const std::invalid_argument &e) {
        PyErr_SetString(PyExc_ValueError, e.what());
        return nullptr;
    }
}

static PyMethodDef methods[] = {
    {"shortest", shortest, METH_VARARGS, "shortest(x) -> str: the shortest text that reads back as x"},
    {"join_sorted", join_sorted, METH_VARARGS, "join_sorted(parts, separator) -> str: sorted, without duplicates"},
    {nullptr, nullptr, 0, nullptr},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "shortfmt", nullptr, -1, methods};

PyMODINIT_FUNC PyInit_shortfmt(void) { return PyModule_Create(&module); }
