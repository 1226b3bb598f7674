#include "kernels.h"

long long product_mod(long long n, long long modulus)
{
    long long product = 1 % modulus;
    for (long long i = 2; i <= n; i++)
        product = (product * (i % modulus)) % modulus;
    return product;
}
