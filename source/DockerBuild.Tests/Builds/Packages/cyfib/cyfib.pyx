"""Fibonacci numbers and a prime sieve in C types."""


def fib(int n):
    """The n-th Fibonacci number (n <= 93), computed in 64-bit unsigned arithmetic."""
    cdef unsigned long long a = 0, b = 1, t
    cdef int i
    if n < 0 or n > 93:
        raise ValueError("n must be between 0 and 93")
    for i in range(n):
        t = a + b
        a = b
        b = t
    return a


def primes_below(int limit):
    """All primes below ``limit``."""
    cdef bytearray sieve = bytearray([1]) * max(limit, 0)
    cdef int i, j
    result = []
    for i in range(2, limit):
        if sieve[i]:
            result.append(i)
            for j in range(i * i, limit, i):
                sieve[j] = 0
    return result
