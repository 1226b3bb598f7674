/* Run at configure time: prints the machine it runs on, which the module reports, so a test can tell where it ran. */
#include <stdio.h>
#include <sys/utsname.h>

int main(void)
{
    struct utsname name;
    if (uname(&name) != 0)
        return 1;
    printf("%s\n", name.machine);
    return 0;
}
