/* sway will not run as root unless, after dropping privileges, it cannot get them back. This
 * library, preloaded into sway only, makes setuid/setgid fail in the process named "sway" and
 * nowhere else: Xwayland's xkbcomp and the other children must change ids normally.
 * Used by tests/support/wayland_session.cpp and bench/portal_vs_x11.sh. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

extern char *program_invocation_short_name;

static int inside_sway(void) {
    return program_invocation_short_name != NULL &&
           strcmp(program_invocation_short_name, "sway") == 0;
}

static int call_real(const char *symbol, unsigned int id) {
    int (*real)(unsigned int) = (int (*)(unsigned int))dlsym(RTLD_NEXT, symbol);
    if (real == NULL) { errno = ENOSYS; return -1; }
    return real(id);
}

int setuid(uid_t uid) {
    if (inside_sway()) { errno = EPERM; return -1; }
    return call_real("setuid", uid);
}

int setgid(gid_t gid) {
    if (inside_sway()) { errno = EPERM; return -1; }
    return call_real("setgid", gid);
}
