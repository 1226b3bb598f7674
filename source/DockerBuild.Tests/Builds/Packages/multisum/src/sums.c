#include "kernels.h"

long long sum_range(long long n)
{
    long long total = 0;
    for (long long i = 1; i <= n; i++)
        total += i;
    return total;
}
