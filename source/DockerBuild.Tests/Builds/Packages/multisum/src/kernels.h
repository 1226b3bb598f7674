#ifndef MULTISUM_KERNELS_H
#define MULTISUM_KERNELS_H
long long sum_range(long long n);
long long product_mod(long long n, long long modulus);
long long horner(const long long *coefficients, int count, long long x);
#endif
