/* zcodec: zlib's crc32, adler32, compress2 and streaming inflate, called through zlib's C API so the wheel
 * really links libz of its target architecture. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <limits.h>
#include <zlib.h>

static PyObject *
zcodec_crc32(PyObject *self, PyObject *args)
{
    Py_buffer data;
    unsigned long start = 0;
    if (!PyArg_ParseTuple(args, "y*|k:crc32", &data, &start))
        return NULL;
    if (data.len > UINT_MAX) {
        PyBuffer_Release(&data);
        return PyErr_Format(PyExc_OverflowError, "crc32() input larger than %u bytes", UINT_MAX);
    }
    unsigned long value = crc32(start, data.buf, (uInt)data.len);
    PyBuffer_Release(&data);
    return PyLong_FromUnsignedLong(value);
}

static PyObject *
zcodec_adler32(PyObject *self, PyObject *args)
{
    Py_buffer data;
    unsigned long start = 1;
    if (!PyArg_ParseTuple(args, "y*|k:adler32", &data, &start))
        return NULL;
    if (data.len > UINT_MAX) {
        PyBuffer_Release(&data);
        return PyErr_Format(PyExc_OverflowError, "adler32() input larger than %u bytes", UINT_MAX);
    }
    unsigned long value = adler32(start, data.buf, (uInt)data.len);
    PyBuffer_Release(&data);
    return PyLong_FromUnsignedLong(value);
}

static PyObject *
zcodec_compress(PyObject *self, PyObject *args)
{
    Py_buffer data;
    int level = Z_DEFAULT_COMPRESSION;
    if (!PyArg_ParseTuple(args, "y*|i:compress", &data, &level))
        return NULL;

    uLongf size = compressBound((uLong)data.len);
    PyObject *out = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)size);
    if (out == NULL) {
        PyBuffer_Release(&data);
        return NULL;
    }
    int status = compress2((Bytef *)PyBytes_AS_STRING(out), &size, data.buf, (uLong)data.len, level);
    PyBuffer_Release(&data);
    if (status != Z_OK) {
        Py_DECREF(out);
        return PyErr_Format(PyExc_ValueError, "compress() failed: zlib status %d (level must be -1..9)", status);
    }
    if (_PyBytes_Resize(&out, (Py_ssize_t)size) < 0)
        return NULL;
    return out;
}

static PyObject *
zcodec_decompress(PyObject *self, PyObject *args)
{
    Py_buffer data;
    if (!PyArg_ParseTuple(args, "y*:decompress", &data))
        return NULL;

    Py_ssize_t capacity = data.len * 4 + 64;
    PyObject *out = PyBytes_FromStringAndSize(NULL, capacity);
    if (out == NULL) {
        PyBuffer_Release(&data);
        return NULL;
    }

    z_stream stream = {0};
    stream.next_in = data.buf;
    stream.avail_in = (uInt)data.len;
    int status = inflateInit(&stream);
    while (status == Z_OK) {
        if (stream.total_out == (uLong)capacity) {
            capacity *= 2;
            if (_PyBytes_Resize(&out, capacity) < 0) {
                inflateEnd(&stream);
                PyBuffer_Release(&data);
                return NULL;
            }
        }
        stream.next_out = (Bytef *)PyBytes_AS_STRING(out) + stream.total_out;
        stream.avail_out = (uInt)(capacity - (Py_ssize_t)stream.total_out);
        status = inflate(&stream, Z_NO_FLUSH);
        if (status == Z_BUF_ERROR && stream.avail_out > 0)
            break; /* input ended before the stream did */
        if (status == Z_BUF_ERROR)
            status = Z_OK;
    }
    Py_ssize_t produced = (Py_ssize_t)stream.total_out;
    const char *reason = stream.msg;
    inflateEnd(&stream);
    PyBuffer_Release(&data);

    if (status != Z_STREAM_END) {
        Py_DECREF(out);
        return PyErr_Format(PyExc_ValueError, "decompress() failed: %s (zlib status %d)",
                            reason ? reason : "truncated or corrupt input", status);
    }
    if (_PyBytes_Resize(&out, produced) < 0)
        return NULL;
    return out;
}

static PyMethodDef zcodec_methods[] = {
    {"crc32", zcodec_crc32, METH_VARARGS, "crc32(data, value=0) -> int, from zlib."},
    {"adler32", zcodec_adler32, METH_VARARGS, "adler32(data, value=1) -> int, from zlib."},
    {"compress", zcodec_compress, METH_VARARGS, "compress(data, level=-1) -> bytes in the zlib format."},
    {"decompress", zcodec_decompress, METH_VARARGS, "decompress(data) -> bytes of a complete zlib stream."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef zcodec_module = {
    PyModuleDef_HEAD_INIT, "zcodec", "zlib checksums and codec through the C API.", -1, zcodec_methods,
};

PyMODINIT_FUNC
PyInit_zcodec(void)
{
    PyObject *module = PyModule_Create(&zcodec_module);
    if (module != NULL && PyModule_AddStringConstant(module, "ZLIB_VERSION", zlibVersion()) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
