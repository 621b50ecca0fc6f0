// glibc's malloc tuning (mallopt), which Swift's Glibc module does not include; used by the agent's
// MallocArenas. Nothing to link: it is part of libc.
#include <malloc.h>
