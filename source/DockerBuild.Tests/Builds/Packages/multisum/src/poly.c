#include "kernels.h"

long long horner(const long long *coefficients, int count, long long x)
{
    long long value = 0;
    for (int i = 0; i < count; i++)
        value = value * x + coefficients[i];
    return value;
}
