#include <stdio.h>

int main(void)
{
    printf("hello from %s, %d-bit\n", HOST_TRIPLE, (int)(sizeof(void *) * 8));
    return 0;
}
