// glibc's pipe2 and posix_spawn_file_actions_addclosefrom_np (glibc 2.34+), which Swift's Glibc module does not
// show (they need _GNU_SOURCE). Nothing to link: both are part of libc.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>

extern int pipe2(int fds[2], int flags);
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);

/// A pipe whose two ends are close-on-exec from their creation (no window in which another thread's spawn inherits them).
static inline int iilogs_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

/// Adds a spawn action that closes every descriptor from `from` up, so the child inherits nothing it was not given.
static inline int iilogs_spawn_close_from(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}

/// Sets an empty signal mask and default dispositions for the child: the spawning thread may block or ignore SIGTERM
/// (a service's signal handling does), and a child inheriting that would need SIGKILL to stop.
static inline int iilogs_spawnattr_reset_signals(posix_spawnattr_t *attributes) {
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    if (posix_spawnattr_setsigmask(attributes, &none) != 0) return -1;
    if (posix_spawnattr_setsigdefault(attributes, &all) != 0) return -1;
    return posix_spawnattr_setflags(attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
}
