/* Sums a sequence of floats in several POSIX threads, and counts up a shared counter under a mutex. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pthread.h>
#include <stdlib.h>

#define MAX_THREADS 64

struct slice {
    const double *values;
    Py_ssize_t begin, end;
    double total;
};

static void *sum_slice(void *argument)
{
    struct slice *slice = argument;
    double total = 0.0;
    for (Py_ssize_t i = slice->begin; i < slice->end; i++) total += slice->values[i];
    slice->total = total;
    return NULL;
}

static PyObject *parallel_sum(PyObject *self, PyObject *args)
{
    PyObject *sequence;
    int threads;
    if (!PyArg_ParseTuple(args, "Oi", &sequence, &threads)) return NULL;
    if (threads < 1 || threads > MAX_THREADS) {
        PyErr_Format(PyExc_ValueError, "threads must be between 1 and %d", MAX_THREADS);
        return NULL;
    }
    PyObject *fast = PySequence_Fast(sequence, "expected a sequence of numbers");
    if (fast == NULL) return NULL;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(fast);
    double *values = malloc(sizeof(double) * (count ? count : 1));
    if (values == NULL) { Py_DECREF(fast); return PyErr_NoMemory(); }
    for (Py_ssize_t i = 0; i < count; i++) {
        values[i] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(fast, i));
        if (values[i] == -1.0 && PyErr_Occurred()) { free(values); Py_DECREF(fast); return NULL; }
    }
    Py_DECREF(fast);

    struct slice slices[MAX_THREADS];
    pthread_t ids[MAX_THREADS];
    int started = 0, failed = 0;
    Py_BEGIN_ALLOW_THREADS
    for (int t = 0; t < threads; t++) {
        slices[t] = (struct slice){ values, count * t / threads, count * (t + 1) / threads, 0.0 };
        if (pthread_create(&ids[t], NULL, sum_slice, &slices[t]) != 0) { failed = 1; break; }
        started++;
    }
    for (int t = 0; t < started; t++) pthread_join(ids[t], NULL);
    Py_END_ALLOW_THREADS
    free(values);
    if (failed) return PyErr_Format(PyExc_OSError, "could not start thread %d", started);

    double total = 0.0; /* added in slice order, so the result does not depend on scheduling */
    for (int t = 0; t < threads; t++) total += slices[t].total;
    return PyFloat_FromDouble(total);
}

struct counter {
    pthread_mutex_t lock;
    long value;
    long steps;
};

static void *count_up(void *argument)
{
    struct counter *counter = argument;
    for (long i = 0; i < counter->steps; i++) {
        pthread_mutex_lock(&counter->lock);
        counter->value++;
        pthread_mutex_unlock(&counter->lock);
    }
    return NULL;
}

static PyObject *count_together(PyObject *self, PyObject *args)
{
    long steps;
    int threads;
    if (!PyArg_ParseTuple(args, "li", &steps, &threads)) return NULL;
    if (threads < 1 || threads > MAX_THREADS || steps < 0) {
        PyErr_Format(PyExc_ValueError, "threads must be between 1 and %d, steps at least 0", MAX_THREADS);
        return NULL;
    }
    struct counter counter = { .value = 0, .steps = steps };
    pthread_mutex_init(&counter.lock, NULL);
    pthread_t ids[MAX_THREADS];
    int started = 0;
    Py_BEGIN_ALLOW_THREADS
    for (int t = 0; t < threads; t++) {
        if (pthread_create(&ids[t], NULL, count_up, &counter) != 0) break;
        started++;
    }
    for (int t = 0; t < started; t++) pthread_join(ids[t], NULL);
    Py_END_ALLOW_THREADS
    pthread_mutex_destroy(&counter.lock);
    if (started != threads) return PyErr_Format(PyExc_OSError, "could not start thread %d", started);
    return PyLong_FromLong(counter.value);
}

static PyMethodDef methods[] = {
    {"parallel_sum", parallel_sum, METH_VARARGS, "parallel_sum(values, threads) -> float"},
    {"count_together", count_together, METH_VARARGS, "count_together(steps, threads) -> int: each thread adds steps under a mutex"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "threadsum", NULL, -1, methods};

PyMODINIT_FUNC PyInit_threadsum(void) { return PyModule_Create(&module); }
