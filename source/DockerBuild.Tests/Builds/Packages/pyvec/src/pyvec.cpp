// Vector arithmetic on std::vector, exposed with pybind11.
#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

namespace {

double dot(const std::vector<double> &a, const std::vector<double> &b)
{
    if (a.size() != b.size())
        throw std::invalid_argument("vectors differ in length: " + std::to_string(a.size()) + " and " + std::to_string(b.size()));
    return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
}

std::vector<long long> sorted_unique(std::vector<long long> values)
{
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    return values;
}

} // namespace

PYBIND11_MODULE(pyvec, m)
{
    m.doc() = "Vector arithmetic in C++";
    m.def("dot", &dot, "Dot product of two equally long vectors");
    m.def("sorted_unique", &sorted_unique, "The distinct values, sorted");
}
