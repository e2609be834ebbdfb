// Writes that no system-call-level hook sees, on full file systems (usip-storage-hooks.c):
// by threads that never return to user space, where a failed write is resolved (a task_work),
// so a work item resolves theirs: io_uring's worker running a fallocate, an openat or a mkdirat
// (the name copied and its starting directory taken in the handler), the loop driver's kernel
// thread writing a backing file; and writes that reach ->write_iter directly (io_uring's and
// aio's), which the file systems' write helpers see: exactly one event each.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';

const here = dirname(fileURLToPath(import.meta.url));
const ENOSPC = 28;

interface Event {
  pid: number;
  ppid: string | null;
  comm: string | null;
  errno: number;
  mountpoint: string;
  device: string;
  fstype: string;
  ino: number;
  backing_ino: number;
  tmpfs: string;
}

function kernelWriter(t: Test, args: string[]): Record<string, unknown> & { events: Event[] } {
  const run = spawnSync(args[0] ?? '', args.slice(1), { encoding: 'utf8', timeout: 180_000 });
  t.equal(run.status, 0, `kernel-writer.py: ${run.stderr}`);
  const out = JSON.parse(run.stdout.trim().split('\n').pop() || '{"events":[]}');
  t.comment(JSON.stringify({ ...out, events: out.events.slice(0, 3) }));
  return out;
}

interface Fs {
  device: string;
  fstype: string;
}

const fullTmpfs: Fs = { device: 'kwfull', fstype: 'tmpfs' };

function checkFields(t: Test, ev: Event, fs: Fs = fullTmpfs) {
  t.equal(ev.device, fs.device, `device: the file system's source (${fs.device})`);
  t.equal(ev.fstype, fs.fstype, 'file-system type');
  t.ok(ev.mountpoint.endsWith(ev.tmpfs), `mount point ${ev.mountpoint} ends with ${ev.tmpfs}`);
}

/** One asynchronous write by async-write.c on a full file system, and the events heard. */
function asyncWrite(t: Test, op: string) {
  const script = join(here, 'kernel-writer.py');
  const out = kernelWriter(t, [
    'unshare',
    '-m',
    '--propagation',
    'private',
    'python3',
    script,
    'async',
    op,
  ]);
  const result = out.async as { pid: number; res: number; ino: number } | undefined;
  t.equal(result?.res, -ENOSPC, `the ${op} completed with -ENOSPC`);
  return { result, fs: (out.fs as Fs | undefined) ?? fullTmpfs, events: out.events };
}

const asyncWrites: [op: string, title: string, writer: string][] = [
  [
    'uring-fallocate',
    "io_uring's fallocate on a full tmpfs raises ENOSPC with the submitter's pid",
    'its io_uring worker',
  ],
  [
    'uring-write',
    "io_uring's write (IORING_OP_WRITE, past the VFS write functions) raises ENOSPC",
    'its io_uring worker or itself',
  ],
  [
    'aio-write',
    "aio's write (io_submit IOCB_CMD_PWRITE, past the VFS write functions) raises ENOSPC",
    'itself, inside io_submit',
  ],
  // O_DIRECT on a full ext4 (loop device): the write fails in iomap_dio_rw.
  [
    'uring-write-direct',
    "io_uring's O_DIRECT write on a full ext4 raises ENOSPC",
    'its io_uring worker or itself',
  ],
  // A full btrfs (loop device): btrfs writes through none of the helpers above; its own
  // btrfs_do_write_iter() is hooked while the btrfs module is loaded (it is loaded here, after
  // the USIP module). The plain pwrite(2) shows the nesting still makes one event.
  [
    'uring-write-btrfs',
    "io_uring's write on a full btrfs raises ENOSPC",
    'its io_uring worker or itself',
  ],
  ['aio-write-btrfs', "aio's write on a full btrfs raises ENOSPC", 'itself, inside io_submit'],
  ['pwrite-btrfs', 'a pwrite(2) on a full btrfs raises ENOSPC', 'itself'],
  // Creates on a tmpfs out of inodes: the event names the directory (ino: the tmpfs root).
  [
    'uring-openat',
    "io_uring's openat(dirfd, name, O_CREAT) without a free inode raises ENOSPC",
    'its io_uring worker',
  ],
  ['uring-mkdirat', "io_uring's mkdirat without a free inode raises ENOSPC", 'its io_uring worker'],
];

for (const [op, title, writer] of asyncWrites) {
  t.test(title, async (t) => {
    const { result, fs, events } = asyncWrite(t, op);
    const mine = events.filter((e) => e.pid === result?.pid && e.ino === result?.ino);
    const what = op.endsWith('at') ? 'the directory' : 'the file';
    t.equal(mine.length, 1, `one event for ${what}, from the submitting process (${writer})`);
    const ev = mine[0];
    if (!ev) return;
    t.equal(ev.errno, ENOSPC, 'errno ENOSPC');
    checkFields(t, ev, fs);
  });
}

// 6.1's loop driver writes through vfs_iter_write(); 6.12's calls the backing file's
// ->write_iter itself, where the file systems' write helpers are hooked.
t.test("a kernel thread's ENOSPC (loop device on a full tmpfs) is delivered", async (t) => {
  const out = kernelWriter(t, ['python3', join(here, 'kernel-writer.py'), 'loop']);
  t.not(out.dd_status, 0, 'dd could not fill the loop device');
  const ev = out.events.find((e) => e.errno === ENOSPC && e.ino === e.backing_ino);
  t.ok(ev, 'an ENOSPC event for the backing file');
  if (!ev) return;
  t.not(ev.pid, out.dd_pid, 'the writer is not dd');
  t.equal(ev.ppid, '2', `the writer is a kernel thread (${ev.comm}, child of kthreadd)`);
  checkFields(t, ev);
});
