"""Mount-namespace moves for the guest tests, by raw system calls (ctypes)."""
import ctypes
import os

CLONE_NEWNS = 0x00020000
MS_REC = 0x4000
MS_PRIVATE = 1 << 18
MNT_DETACH = 2
libc = ctypes.CDLL(None, use_errno=True)


def check(ret, what):
    if ret != 0:
        err = ctypes.get_errno()
        raise OSError(err, "%s: %s" % (what, os.strerror(err)))


def private_namespace():
    """Enters a new mount namespace whose mounts propagate nowhere; returns its inode number."""
    check(libc.unshare(CLONE_NEWNS), "unshare")
    check(libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "mount --make-rprivate /")
    return os.stat("/proc/self/ns/mnt").st_ino


def leave(home, root):
    """Back to the namespace `home`; setns() also moves the root there, so chroot back."""
    check(libc.setns(home, CLONE_NEWNS), "setns")
    os.fchdir(root)
    os.chroot(".")
